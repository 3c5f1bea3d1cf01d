//go:build wasip1

package main

import (
	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/chathandler"
	"github.com/tokenizerd/tokenizerd/wasm/guestio"
)

var h = chathandler.Handler{Canceled: guestio.Canceled}

func main() {}

//go:wasmexport tkz_load_chat
func loadChat(n uint32) abi.Status { return guestio.Serve(n, h.Load) }

//go:wasmexport tkz_render
func render(n uint32) abi.Status { return guestio.Serve(n, h.Render) }
