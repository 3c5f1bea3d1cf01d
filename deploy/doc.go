// Package deploy holds what ships tokenizerd: the Kubernetes manifests in kubernetes/, and the tests that
// prove them and the Dockerfile offline (strict decoding into the API types, our own consistency checks,
// and the release binary run alone in an empty root). It has no code of its own to import.
package deploy
