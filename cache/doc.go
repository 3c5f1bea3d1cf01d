// Package cache finds a model's files: first in the local models folder (models/<org>/<name>/…), then, unless
// offline, by downloading them from Hugging Face or ModelScope. It hands out file bytes and paths and never
// interprets a tokenizer. It must not import runtime, httpapi or cmd.
package cache
