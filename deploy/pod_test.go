package deploy

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// imageRepo is the repository of our image in the manifests.
const imageRepo = "ghcr.io/tokenizerd/tokenizerd"

// Defaults of the configuration where a check needs one (cmd/tokenizerd, httpapi and runtime Config).
const (
	defaultMaxModels        = 8
	defaultSandboxMemoryMiB = 512
	defaultShutdownTimeout  = 20 * time.Second
	// processOverheadMiB is what the server holds beside its sandboxes: the process, the compiled guest, the
	// files of a model being loaded.
	processOverheadMiB = 256
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

func (p pod) isInit(c *corev1.Container) bool { return p.initIndex(c) >= 0 }

// initIndex is c's place among the init containers, which start in order; -1 for a main container.
func (p pod) initIndex(c *corev1.Container) int {
	return slices.IndexFunc(p.spec.InitContainers, func(ic corev1.Container) bool { return ic.Name == c.Name })
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
