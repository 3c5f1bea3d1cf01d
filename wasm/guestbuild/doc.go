// Package guestbuild compiles the guests (wasm/guest, wasm/chatguest) into the compressed modules that package
// wasm embeds. It is shared by the build command and by the freshness test, so both run exactly the same
// recipe.
package guestbuild
