// Package hub speaks the download protocols of Hugging Face and ModelScope: it resolves a revision to a
// commit and the expected size and digest of each wanted file, and streams file bodies, with retries,
// stall timeouts and credentials kept to the hub's own host. It never touches the file system; the cache
// package owns where the bytes go. It must not import the cache package.
package hub
