// Package models is the default model cache folder (models/<org>/<name>/…, as huggingface_hub's
// snapshot_download(local_dir=…) lays it out) and carries the one model embedded in the binary, so that the
// service runs out of the box with no network and no files.
package models
