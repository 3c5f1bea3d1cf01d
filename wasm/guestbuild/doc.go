// Package guestbuild compiles wasm/guest into the compressed module that package wasm embeds. It is shared by
// the build command and by the freshness test, so both run exactly the same recipe.
package guestbuild
