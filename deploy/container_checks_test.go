package deploy

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// checkSecurity: non-root as the image's user, no privilege escalation, nothing writable outside volumes,
// no capabilities, the runtime's seccomp profile; and an fsGroup so that the volumes are writable to it.
func checkSecurity(t *testing.T, p pod, c *corev1.Container, img stage) {
	psc := p.spec.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	sc := c.SecurityContext
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	uid, gid := img.uidGid(t)
	if v := first(sc.RunAsNonRoot, psc.RunAsNonRoot); v == nil || !*v {
		t.Error("runAsNonRoot is not true")
	}
	if v := first(sc.RunAsUser, psc.RunAsUser); v == nil || *v != int64(uid) {
		t.Errorf("runAsUser %v, want the image's user %d", deref(v), uid)
	}
	if v := first(sc.RunAsGroup, psc.RunAsGroup); v == nil || *v != int64(gid) {
		t.Errorf("runAsGroup %v, want the image's group %d", deref(v), gid)
	}
	if psc.FSGroup == nil || *psc.FSGroup != int64(gid) {
		t.Errorf("pod fsGroup %v, want %d: the volumes must be writable to the service, the socket reachable by its group", deref(psc.FSGroup), gid)
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("allowPrivilegeEscalation is not false")
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		t.Error("readOnlyRootFilesystem is not true")
	}
	if sc.Privileged != nil && *sc.Privileged {
		t.Error("privileged")
	}
	if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || len(sc.Capabilities.Add) > 0 {
		t.Errorf("capabilities %+v: want drop ALL and nothing added", sc.Capabilities)
	}
	seccomp := sc.SeccompProfile
	if seccomp == nil {
		seccomp = psc.SeccompProfile
	}
	if seccomp == nil || seccomp.Type == corev1.SeccompProfileTypeUnconfined {
		t.Errorf("seccompProfile %+v: want RuntimeDefault (or a Localhost profile)", seccomp)
	}
}

func first[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}

func deref[T any](v *T) any {
	if v == nil {
		return "unset"
	}
	return *v
}

func checkResources(t *testing.T, c *corev1.Container) {
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, hasReq := c.Resources.Requests[name]
		limit, hasLimit := c.Resources.Limits[name]
		if !hasReq || !hasLimit {
			t.Errorf("%s: request %v, limit %v: want both", name, hasReq, hasLimit)
			continue
		}
		if req.Cmp(limit) > 0 {
			t.Errorf("%s: request %s above limit %s", name, req.String(), limit.String())
		}
	}
}

// checkEnvNames catches a misspelt variable, which the service would silently ignore.
func checkEnvNames(t *testing.T, c *corev1.Container, vars map[string]bool) {
	for _, e := range c.Env {
		if !vars[e.Name] && !goRuntimeVars[e.Name] {
			t.Errorf("env %s is not a configuration variable of tokenizerd", e.Name)
		}
	}
}

// checkPull: the init container that fills the model cache runs to completion, online, on the cache volume.
func checkPull(t *testing.T, p pod, c *corev1.Container) {
	if !p.isInit(c) || c.RestartPolicy != nil {
		t.Error("pull must be an init container that runs to completion before the server starts")
	}
	if len(c.Args) < 2 {
		t.Error("pull names no model")
	}
	env := p.env(c)
	if truthy(env["HF_HUB_OFFLINE"]) {
		t.Error("pull runs with HF_HUB_OFFLINE set: it could download nothing")
	}
	mount, vol := p.mountAt(c, env["MODELS_DIR"])
	switch {
	case mount == nil:
		t.Errorf("nothing is mounted at MODELS_DIR=%q", env["MODELS_DIR"])
	case vol.PersistentVolumeClaim == nil:
		t.Errorf("MODELS_DIR is on volume %s, which is not the persistent model cache", vol.Name)
	case mount.ReadOnly:
		t.Error("MODELS_DIR is mounted read-only: pull cannot write")
	}
}
