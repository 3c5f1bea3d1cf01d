// Command build rebuilds the embedded guest modules, wasm/guest.wasm and wasm/chatguest.wasm.zst,
// reproducibly: the same sources and toolchain always give the same bytes. With -check it only reports
// whether the committed files are fresh. Run it from the repository's root.
//
//	go run ./wasm/build          # rewrite both files
//	go run ./wasm/build -check   # exit 1 when a committed file differs from a rebuild
package main
