// Package abi is the contract between the host (runtime) and the guests (wasm/guest, wasm/chatguest): export
// names, status codes, the layout of the shared I/O header and the binary frames that cross the boundary. Both
// sides import it, so it must stay pure Go with no dependencies beyond the standard library.
//
// A call works like this: the host makes sure the guest's input buffer is large enough (ExportReserve), writes
// the request bytes at the input pointer found in the header, and calls an export with the request length. The
// export returns a Status; on StatusOK the header's output pointer and length locate the result, otherwise they
// locate a UTF-8 error message. Both buffers are owned by the guest and reused across calls, so nothing is
// allocated across the boundary per call.
package abi
