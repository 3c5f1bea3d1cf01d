package runtime

import (
	"context"
	"sync/atomic"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/chathandler"
	"github.com/tokenizerd/tokenizerd/wasm/handler"
)

// inProcess is the opt-in backend that runs the request handlers natively in the host process: the same code
// and bytes as the sandbox, several times faster, but with no memory limit and no isolation. A hostile model
// file can then take the whole process down; use it only for trusted models. An instance serves the
// exports of either guest, as its pool asks.
type inProcess struct {
	h        handler.Handler
	chat     chathandler.Handler
	canceled atomic.Bool
}

func newInProcess() *inProcess {
	p := &inProcess{}
	p.h.Canceled = p.canceled.Load
	p.chat.Canceled = p.canceled.Load
	return p
}

func (p *inProcess) invoke(_ context.Context, fn export, req []byte, flags uint32) (abi.Status, []byte, error) {
	p.canceled.Store(false)
	var status abi.Status
	var out []byte
	switch fn {
	case exportLoad:
		status, out = p.h.Load(req)
	case exportEncode:
		status, out = p.h.Encode(req, flags)
	case exportDecode:
		status, out = p.h.Decode(req, flags)
	case exportImage:
		status, out = p.h.Image()
	case exportLoadImage:
		status, out = p.h.LoadImage(req)
	case exportLoadChat:
		status, out = p.chat.Load(req)
	case exportRender:
		status, out = p.chat.Render(req)
	}
	return status, out, nil
}

func (p *inProcess) cancel() { p.canceled.Store(true) }

func (p *inProcess) memorySize() int64 { return 0 }

func (p *inProcess) close(context.Context) {}
