package deploy

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// manifestDir holds every Kubernetes manifest we ship.
const manifestDir = "kubernetes"

// manifests are the decoded objects of every file in manifestDir, by kind.
type manifests struct {
	deployments []named[*appsv1.Deployment]
	volumes     []named[*corev1.PersistentVolume]
	claims      []named[*corev1.PersistentVolumeClaim]
}

// named is an object with the file and document it came from, for messages.
type named[T any] struct {
	where string
	obj   T
}

func loadManifests(t *testing.T) manifests {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(manifestDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s: %v", manifestDir, err)
	}
	var m manifests
	for _, file := range files {
		docs, err := splitDocuments(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for i, doc := range docs {
			where := fmt.Sprintf("%s#%d", file, i)
			obj, err := decodeStrict(doc)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			switch o := obj.(type) {
			case *appsv1.Deployment:
				m.deployments = append(m.deployments, named[*appsv1.Deployment]{where + " " + o.Name, o})
			case *corev1.PersistentVolume:
				m.volumes = append(m.volumes, named[*corev1.PersistentVolume]{where + " " + o.Name, o})
			case *corev1.PersistentVolumeClaim:
				m.claims = append(m.claims, named[*corev1.PersistentVolumeClaim]{where + " " + o.Name, o})
			}
		}
	}
	return m
}

// splitDocuments returns the YAML documents of a file that hold more than comments.
func splitDocuments(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var docs [][]byte
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if hasContent(doc) {
			docs = append(docs, doc)
		}
	}
}

func hasContent(doc []byte) bool {
	for line := range strings.Lines(string(doc)) {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") && l != "---" {
			return true
		}
	}
	return false
}

// decodeStrict decodes one document into its Kubernetes API type, rejecting unknown and duplicate fields, as
// the API server's strict field validation does.
func decodeStrict(doc []byte) (any, error) {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return nil, err
	}
	var obj any
	switch tm.APIVersion + " " + tm.Kind {
	case "apps/v1 Deployment":
		obj = &appsv1.Deployment{}
	case "v1 PersistentVolume":
		obj = &corev1.PersistentVolume{}
	case "v1 PersistentVolumeClaim":
		obj = &corev1.PersistentVolumeClaim{}
	default:
		return nil, fmt.Errorf("kind %q of %q: not one this test knows", tm.Kind, tm.APIVersion)
	}
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// TestStrictDecodingRejects shows that a misspelt or misplaced field fails, so that passing means something.
func TestStrictDecodingRejects(t *testing.T) {
	cases := map[string]string{
		"unknown field":   "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replica: 2\n",
		"misplaced field": "apiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  storage: 1Gi\n",
		"duplicate field": "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n  replicas: 2\n",
		"wrong type":      "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: two\n",
		"unknown kind":    "apiVersion: v1\nkind: Pod\n",
	}
	for name, doc := range cases {
		if _, err := decodeStrict([]byte(doc)); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	if _, err := decodeStrict([]byte("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n")); err != nil {
		t.Errorf("a valid document: %v", err)
	}
}

func TestManifestsDecodeStrictly(t *testing.T) {
	m := loadManifests(t)
	if len(m.deployments) < 2 || len(m.volumes) == 0 || len(m.claims) == 0 {
		t.Fatalf("%d deployments, %d volumes, %d claims: want the Deployment, the sidecar example and the model cache",
			len(m.deployments), len(m.volumes), len(m.claims))
	}
}
