// Command build rebuilds the embedded guest module, wasm/guest.wasm.zst, reproducibly: the same sources and
// toolchain always give the same bytes. With -check it only reports whether the committed file is fresh.
//
//	go run ./wasm/build          # rewrite wasm/guest.wasm.zst
//	go run ./wasm/build -check   # exit 1 when the committed file differs from a rebuild
package main
