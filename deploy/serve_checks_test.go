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
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/tokenizerd/tokenizerd/models"
)

// checkServe holds the server container to its configuration: every folder it uses mounted where the
// configuration says, its probes on PROBE_PORT, its start after the pull, its drain before SIGKILL.
func checkServe(t *testing.T, p pod, c *corev1.Container, pulled []string) {
	env := p.env(c)
	checkModels(t, p, c, pulled)
	checkWritableFolder(t, p, c, "SOCKET_PATH", filepath.Dir(env["SOCKET_PATH"]))
	checkWritableFolder(t, p, c, "COMPILATION_CACHE_DIR", env["COMPILATION_CACHE_DIR"])
	checkProbes(t, c, env["PROBE_PORT"])
	if p.isInit(c) {
		checkNativeSidecar(t, p, c)
	}
	checkDrainTime(t, p, env["SHUTDOWN_TIMEOUT"])
}

// checkModels: MODELS_DIR is the model cache's volume, read-only only where nothing is downloaded, and an
// offline server's default model is one the pull brings (or the embedded one).
func checkModels(t *testing.T, p pod, c *corev1.Container, pulled []string) {
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
}

// checkWritableFolder: a folder the server writes to (named by the variable key) is a writable emptyDir: the
// root filesystem is read-only.
func checkWritableFolder(t *testing.T, p pod, c *corev1.Container, key, dir string) {
	if p.env(c)[key] == "" {
		t.Errorf("%s is not set: with a read-only root there is no default place to write", key)
		return
	}
	mount, vol := p.mountAt(c, dir)
	switch {
	case mount == nil:
		t.Errorf("nothing is mounted at %s (%s): the root filesystem is read-only", dir, key)
	case vol.EmptyDir == nil:
		t.Errorf("%s is on volume %s, which is not an emptyDir private to the pod", key, vol.Name)
	case mount.ReadOnly:
		t.Errorf("%s is mounted read-only", key)
	}
}

// checkNativeSidecar: a server among the init containers keeps running (restartPolicy Always) and starts
// after every pull.
func checkNativeSidecar(t *testing.T, p pod, c *corev1.Container) {
	if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
		t.Error("a server among the init containers must be a native sidecar (restartPolicy: Always)")
	}
	for _, ic := range p.spec.InitContainers[p.initIndex(c):] {
		if isTokenizerd(&ic) && command(&ic) == "pull" {
			t.Errorf("the server starts before %s has filled the model cache", ic.Name)
		}
	}
}

// checkDrainTime: the kubelet's SIGKILL comes after the drain SHUTDOWN_TIMEOUT allows.
func checkDrainTime(t *testing.T, p pod, shutdownTimeout string) {
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if p.spec.TerminationGracePeriodSeconds != nil {
		grace = *p.spec.TerminationGracePeriodSeconds
	}
	shutdown := defaultShutdownTimeout
	if shutdownTimeout != "" {
		var err error
		if shutdown, err = time.ParseDuration(shutdownTimeout); err != nil {
			t.Errorf("SHUTDOWN_TIMEOUT=%q: %v", shutdownTimeout, err)
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
// model fails alone instead of getting the whole server OOM-killed; the Go runtime's soft limit lies between.
func checkSizing(t *testing.T, p pod, c *corev1.Container) {
	env := p.env(c)
	limit := c.Resources.Limits[corev1.ResourceMemory]
	maxModels := intOr(t, env, "MAX_MODELS", defaultMaxModels)
	perInstanceMiB := intOr(t, env, "SANDBOX_MEMORY_MIB", defaultSandboxMemoryMiB)
	cpu := c.Resources.Limits[corev1.ResourceCPU]
	poolSize := intOr(t, env, "POOL_SIZE", int((cpu.MilliValue()+999)/1000)) // 0 means one per CPU: GOMAXPROCS follows the CPU limit
	totalMiB := maxModels * poolSize * perInstanceMiB
	if budget := intOr(t, env, "MEMORY_BUDGET_MIB", 0); budget > 0 {
		totalMiB = min(totalMiB, budget) // the runtime's cap on all sandboxes together
	}
	sandboxes := resource.NewQuantity(int64(totalMiB)<<20, resource.BinarySI)
	if sandboxes.Cmp(limit) >= 0 {
		t.Errorf("sandboxes may take %s (MAX_MODELS %d x POOL_SIZE %d x SANDBOX_MEMORY_MIB %d, or MEMORY_BUDGET_MIB), not below the memory limit %s",
			sandboxes.String(), maxModels, poolSize, perInstanceMiB, limit.String())
	}
	// The sandboxes' memories live on Go's heap, which by default may grow to twice the live data before a
	// collection: GOMEMLIMIT makes the collector keep the process below the container's limit.
	soft, err := resource.ParseQuantity(strings.TrimSuffix(env["GOMEMLIMIT"], "B")) // Go writes MiB, Kubernetes Mi
	switch {
	case env["GOMEMLIMIT"] == "":
		t.Error("GOMEMLIMIT is not set: the heap may grow to twice the sandboxes' memory before a collection")
	case err != nil:
		t.Errorf("GOMEMLIMIT=%q: %v", env["GOMEMLIMIT"], err)
	case soft.Cmp(limit) >= 0:
		t.Errorf("GOMEMLIMIT %s is not below the memory limit %s", env["GOMEMLIMIT"], limit.String())
	case soft.Value() < sandboxes.Value()+processOverheadMiB<<20:
		t.Errorf("GOMEMLIMIT %s leaves less than %d MiB beside the sandboxes' %s", env["GOMEMLIMIT"], processOverheadMiB, sandboxes.String())
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
