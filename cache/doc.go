// Package cache finds a model's files: first in the local models folder (models/<org>/<name>/…, used as it
// is, however it was filled), then, unless offline, by downloading them from Hugging Face or ModelScope
// (protocols in cache/hub). Downloads are verified, atomic and serialised across goroutines and processes;
// each downloaded folder records its revision, commit and file digests in .tokenizerd.json. It hands out
// file bytes and paths and never interprets a tokenizer. It must not import runtime, httpapi or cmd.
package cache
