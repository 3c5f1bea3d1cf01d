package deploy

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/tokenizerd/tokenizerd/models"
)

// imageRepo is the repository of our image in the manifests.
const imageRepo = "ghcr.io/tokenizerd/tokenizerd"

// Defaults of the configuration where a check needs one (cmd/tokenizerd, httpapi and runtime Config).
const (
	defaultMaxModels        = 8
	defaultSandboxMemoryMiB = 512
	defaultShutdownTimeout  = 20 * time.Second
)

// pod is a pod template under test, with the image's ENV that its tokenizerd containers inherit.
type pod struct {
	spec     *corev1.PodSpec
	imageEnv map[string]string
}

func isTokenizerd(c *corev1.Container) bool {
	repo, _, _ := strings.Cut(c.Image, ":")
	return repo == imageRepo
}

// command is what a tokenizerd container runs: the image's ENTRYPOINT with args, serve by default.
func command(c *corev1.Container) string {
	if len(c.Args) == 0 {
		return "serve"
	}
	return c.Args[0]
}

// env is what the process sees: the image's ENV, then the container's literal values. Values from secrets
// are present but unknown here.
func (p pod) env(c *corev1.Container) map[string]string {
	env := map[string]string{}
	for k, v := range p.imageEnv {
		env[k] = v
	}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	return env
}

func (p pod) volume(name string) *corev1.Volume {
	for i := range p.spec.Volumes {
		if p.spec.Volumes[i].Name == name {
			return &p.spec.Volumes[i]
		}
	}
	return nil
}

// mountAt returns the mount of c at path, and its volume.
func (p pod) mountAt(c *corev1.Container, path string) (*corev1.VolumeMount, *corev1.Volume) {
	for i := range c.VolumeMounts {
		if m := &c.VolumeMounts[i]; filepath.Clean(m.MountPath) == filepath.Clean(path) && m.SubPath == "" {
			return m, p.volume(m.Name)
		}
	}
	return nil, nil
}

func (p pod) allContainers() []*corev1.Container {
	var all []*corev1.Container
	for i := range p.spec.InitContainers {
		all = append(all, &p.spec.InitContainers[i])
	}
	for i := range p.spec.Containers {
		all = append(all, &p.spec.Containers[i])
	}
	return all
}

func (p pod) isInit(c *corev1.Container) bool {
	return slices.ContainsFunc(p.spec.InitContainers, func(ic corev1.Container) bool { return ic.Name == c.Name })
}

func TestDeployments(t *testing.T) {
	m := loadManifests(t)
	vars := configVars(t)
	img := finalImage(t)
	for _, d := range m.deployments {
		t.Run(d.where, func(t *testing.T) {
			p := pod{spec: &d.obj.Spec.Template.Spec, imageEnv: img.env}
			sel, err := metav1.LabelSelectorAsSelector(d.obj.Spec.Selector)
			if err != nil || !sel.Matches(labels.Set(d.obj.Spec.Template.Labels)) {
				t.Errorf("the selector %v does not select the pod template's labels %v (%v)", d.obj.Spec.Selector, d.obj.Spec.Template.Labels, err)
			}
			checkStructure(t, p, m)
			var pulled []string
			var ours []*corev1.Container
			for _, c := range p.allContainers() {
				if isTokenizerd(c) {
					ours = append(ours, c)
					if command(c) == "pull" {
						pulled = append(pulled, c.Args[1:]...)
					}
				}
			}
			servers := 0
			for _, c := range ours {
				t.Run(c.Name, func(t *testing.T) {
					checkSecurity(t, p, c, img)
					checkResources(t, c)
					checkEnvNames(t, c, vars)
					if c.Image != ours[0].Image {
						t.Errorf("image %s, but %s runs %s: pull and serve must be one version", c.Image, ours[0].Name, ours[0].Image)
					}
					switch command(c) {
					case "pull":
						checkPull(t, p, c)
					case "serve":
						servers++
						checkServe(t, p, c, pulled)
						checkSizing(t, p, c)
						checkSocketShared(t, p, c)
					default:
						t.Errorf("runs %q: want serve or pull", command(c))
					}
				})
			}
			if servers != 1 {
				t.Errorf("%d tokenizerd servers in the pod, want 1", servers)
			}
		})
	}
}

// checkStructure holds the pod to what the API server would refuse or silently ignore: duplicate names,
// mounts of undeclared volumes, volumes nobody mounts, claims that do not exist.
func checkStructure(t *testing.T, p pod, m manifests) {
	names := map[string]bool{}
	mounted := map[string]bool{}
	for _, c := range p.allContainers() {
		if names[c.Name] {
			t.Errorf("two containers named %s", c.Name)
		}
		names[c.Name] = true
		if len(c.Command) > 0 && isTokenizerd(c) {
			t.Errorf("%s overrides the image's ENTRYPOINT: pass the subcommand in args", c.Name)
		}
		for _, vm := range c.VolumeMounts {
			if p.volume(vm.Name) == nil {
				t.Errorf("%s mounts the undeclared volume %s", c.Name, vm.Name)
			}
			mounted[vm.Name] = true
		}
	}
	for _, v := range p.spec.Volumes {
		if !mounted[v.Name] {
			t.Errorf("volume %s is mounted by no container", v.Name)
		}
		if v.PersistentVolumeClaim != nil && !slices.ContainsFunc(m.claims, func(c named[*corev1.PersistentVolumeClaim]) bool {
			return c.obj.Name == v.PersistentVolumeClaim.ClaimName
		}) {
			t.Errorf("volume %s claims %s, which no manifest declares", v.Name, v.PersistentVolumeClaim.ClaimName)
		}
	}
}

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

// checkServe: every folder the server uses is mounted where its configuration says, and its probes are on
// PROBE_PORT at the paths that mean liveness and readiness.
func checkServe(t *testing.T, p pod, c *corev1.Container, pulled []string) {
	env := p.env(c)
	offline := truthy(env["HF_HUB_OFFLINE"])

	mount, vol := p.mountAt(c, env["MODELS_DIR"])
	switch {
	case mount == nil:
		t.Errorf("nothing is mounted at MODELS_DIR=%q", env["MODELS_DIR"])
	case vol.PersistentVolumeClaim == nil:
		t.Errorf("MODELS_DIR is on volume %s, which is not the persistent model cache", vol.Name)
	case mount.ReadOnly && !offline:
		t.Error("MODELS_DIR is read-only but HF_HUB_OFFLINE is not set: downloads at run time would fail")
	}
	if model := env["MODEL"]; offline && model != "" && model != models.Embedded && !slices.Contains(pulled, model) {
		t.Errorf("MODEL=%s is neither pulled by an init container nor embedded, and the server is offline", model)
	}
	for _, key := range []string{"SOCKET_PATH", "COMPILATION_CACHE_DIR"} {
		dir := env[key]
		if key == "SOCKET_PATH" {
			dir = filepath.Dir(dir)
		}
		mount, vol := p.mountAt(c, dir)
		switch {
		case env[key] == "":
			t.Errorf("%s is not set: with a read-only root there is no default place to write", key)
		case mount == nil:
			t.Errorf("nothing is mounted at %s (%s=%s): the root filesystem is read-only", dir, key, env[key])
		case vol.EmptyDir == nil:
			t.Errorf("%s is on volume %s, which is not an emptyDir private to the pod", key, vol.Name)
		case mount.ReadOnly:
			t.Errorf("%s is mounted read-only", key)
		}
	}
	checkProbes(t, c, env["PROBE_PORT"])

	if p.isInit(c) {
		if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
			t.Error("a server among the init containers must be a native sidecar (restartPolicy: Always)")
		}
		for _, ic := range p.spec.InitContainers {
			if ic.Name == c.Name {
				break
			}
			if isTokenizerd(&ic) && command(&ic) == "serve" {
				t.Errorf("the server starts before %s", ic.Name)
			}
		}
		for _, ic := range p.spec.InitContainers[slices.IndexFunc(p.spec.InitContainers, func(ic corev1.Container) bool { return ic.Name == c.Name }):] {
			if isTokenizerd(&ic) && command(&ic) == "pull" {
				t.Errorf("the server starts before %s has filled the model cache", ic.Name)
			}
		}
	}
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if p.spec.TerminationGracePeriodSeconds != nil {
		grace = *p.spec.TerminationGracePeriodSeconds
	}
	shutdown := defaultShutdownTimeout
	if v := env["SHUTDOWN_TIMEOUT"]; v != "" {
		var err error
		if shutdown, err = time.ParseDuration(v); err != nil {
			t.Errorf("SHUTDOWN_TIMEOUT=%q: %v", v, err)
		}
	}
	if time.Duration(grace)*time.Second <= shutdown {
		t.Errorf("terminationGracePeriodSeconds %d does not leave SHUTDOWN_TIMEOUT %s to drain before SIGKILL", grace, shutdown)
	}
}

func checkProbes(t *testing.T, c *corev1.Container, probePort string) {
	port, err := strconv.Atoi(probePort)
	if err != nil || port <= 0 {
		t.Errorf("PROBE_PORT=%q: the probes need the TCP listener", probePort)
		return
	}
	if !slices.ContainsFunc(c.Ports, func(cp corev1.ContainerPort) bool { return int(cp.ContainerPort) == port }) {
		t.Errorf("no containerPort %d (PROBE_PORT) declared", port)
	}
	probes := []struct {
		kind  string
		probe *corev1.Probe
		paths []string
	}{
		{"livenessProbe", c.LivenessProbe, []string{"/livez"}},
		{"readinessProbe", c.ReadinessProbe, []string{"/readyz"}},
		{"startupProbe", c.StartupProbe, []string{"/livez", "/readyz"}},
	}
	for _, pr := range probes {
		if pr.probe == nil || pr.probe.HTTPGet == nil {
			t.Errorf("%s: want an httpGet probe", pr.kind)
			continue
		}
		get := pr.probe.HTTPGet
		if got := resolvePort(c, get.Port); got != port {
			t.Errorf("%s on port %s (%d), PROBE_PORT is %d", pr.kind, get.Port.String(), got, port)
		}
		if !slices.Contains(pr.paths, get.Path) {
			t.Errorf("%s path %q, want one of %q", pr.kind, get.Path, pr.paths)
		}
	}
}

// resolvePort turns a probe's port, a number or the name of a container port, into a number (0: none).
func resolvePort(c *corev1.Container, p intstr.IntOrString) int {
	if p.Type == intstr.Int {
		return p.IntValue()
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return int(cp.ContainerPort)
		}
	}
	return 0
}

// checkSizing: the sandboxes' own limits must be reached before the container's, so that a hostile or huge
// model fails alone instead of getting the whole server OOM-killed; and the Go runtime's soft limit, if set,
// lies below the hard one.
func checkSizing(t *testing.T, p pod, c *corev1.Container) {
	env := p.env(c)
	limit := c.Resources.Limits[corev1.ResourceMemory]
	maxModels := intOr(t, env, "MAX_MODELS", defaultMaxModels)
	sandboxMiB := intOr(t, env, "SANDBOX_MEMORY_MIB", defaultSandboxMemoryMiB)
	cpu := c.Resources.Limits[corev1.ResourceCPU]
	poolSize := intOr(t, env, "POOL_SIZE", int((cpu.MilliValue()+999)/1000)) // 0 means one per CPU: GOMAXPROCS follows the CPU limit
	sandboxes := resource.NewQuantity(int64(maxModels*poolSize*sandboxMiB)<<20, resource.BinarySI)
	if sandboxes.Cmp(limit) >= 0 {
		t.Errorf("MAX_MODELS %d x POOL_SIZE %d x SANDBOX_MEMORY_MIB %d = %s of sandboxes, not below the memory limit %s",
			maxModels, poolSize, sandboxMiB, sandboxes.String(), limit.String())
	}
	if v := env["GOMEMLIMIT"]; v != "" {
		soft, err := resource.ParseQuantity(strings.TrimSuffix(v, "B")) // Go writes MiB, Kubernetes Mi
		if err != nil {
			t.Errorf("GOMEMLIMIT=%q: %v", v, err)
		} else if soft.Cmp(limit) >= 0 || soft.Cmp(*sandboxes) < 0 {
			t.Errorf("GOMEMLIMIT %s: want it between the sandboxes' %s and the memory limit %s", v, sandboxes.String(), limit.String())
		}
	}
}

func intOr(t *testing.T, env map[string]string, key string, def int) int {
	v, ok := env[key]
	if !ok || v == "" || v == "0" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Errorf("%s=%q: %v", key, v, err)
	}
	return n
}

// checkSocketShared: every other container of the pod is a client of the socket, and mounts its folder at
// the same path, so that SOCKET_PATH means the same file everywhere; no container mounts it elsewhere.
func checkSocketShared(t *testing.T, p pod, server *corev1.Container) {
	dir := filepath.Dir(p.env(server)["SOCKET_PATH"])
	mount, _ := p.mountAt(server, dir)
	if mount == nil {
		return // reported by checkServe
	}
	for _, c := range p.allContainers() {
		at := ""
		for _, vm := range c.VolumeMounts {
			if vm.Name == mount.Name {
				at = vm.MountPath
			}
		}
		isClient := !p.isInit(c) && c.Name != server.Name
		switch {
		case at != "" && filepath.Clean(at) != dir:
			t.Errorf("%s mounts the socket folder at %s, the server at %s", c.Name, at, dir)
		case at == "" && isClient:
			t.Errorf("%s does not mount the socket folder %s", c.Name, dir)
		}
	}
}

func truthy(v string) bool {
	b, err := strconv.ParseBool(v)
	return err == nil && b
}

func TestModelCacheClaim(t *testing.T) {
	m := loadManifests(t)
	for _, c := range m.claims {
		claim := c.obj
		if !slices.Contains(claim.Spec.AccessModes, corev1.ReadWriteMany) {
			t.Errorf("%s: access modes %v: every replica mounts the cache, want ReadWriteMany", c.where, claim.Spec.AccessModes)
		}
		if claim.Spec.VolumeName == "" {
			continue // dynamically provisioned
		}
		i := slices.IndexFunc(m.volumes, func(v named[*corev1.PersistentVolume]) bool { return v.obj.Name == claim.Spec.VolumeName })
		if i < 0 {
			t.Errorf("%s: binds volume %s, which no manifest declares", c.where, claim.Spec.VolumeName)
			continue
		}
		pv := m.volumes[i].obj
		if deref(claim.Spec.StorageClassName) != pv.Spec.StorageClassName && !(claim.Spec.StorageClassName == nil && pv.Spec.StorageClassName == "") {
			t.Errorf("%s: storageClassName %v, the volume's %q: they would not bind", c.where, deref(claim.Spec.StorageClassName), pv.Spec.StorageClassName)
		}
		for _, mode := range claim.Spec.AccessModes {
			if !slices.Contains(pv.Spec.AccessModes, mode) {
				t.Errorf("%s: access mode %s, which the volume does not offer", c.where, mode)
			}
		}
		want, have := claim.Spec.Resources.Requests[corev1.ResourceStorage], pv.Spec.Capacity[corev1.ResourceStorage]
		if want.Cmp(have) > 0 {
			t.Errorf("%s: requests %s, the volume holds %s", c.where, want.String(), have.String())
		}
		if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
			t.Errorf("%s: reclaim policy %s: deleting the claim would delete the models", m.volumes[i].where, pv.Spec.PersistentVolumeReclaimPolicy)
		}
	}
}
