package deploy

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

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
