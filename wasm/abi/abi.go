package abi

// Version is bumped whenever anything in this package changes meaning. The host refuses a guest whose
// ExportVersion answers differently.
const Version uint32 = 4

// Export names of the guests. Both guests export ExportVersion, ExportHeader and ExportReserve. The tokenizer
// guest (wasm/guest) exports ExportLoad, ExportLoadImage, ExportImage, ExportEncode and ExportDecode; the chat
// guest (wasm/chatguest) exports ExportLoadChat and ExportRender.
const (
	// ExportVersion: () -> uint32, the guest's Version.
	ExportVersion = "tkz_abi_version"
	// ExportHeader: () -> uint32, the address of the I/O header (HeaderWords uint32 words). Fixed for the
	// instance's lifetime.
	ExportHeader = "tkz_header"
	// ExportReserve: (n uint32) -> Status, grows the input buffer to at least n bytes; updates the header.
	ExportReserve = "tkz_reserve"
	// ExportLoad: (n uint32) -> Status; the input holds a LoadRequest frame; the output a ModelInfo frame.
	ExportLoad = "tkz_load"
	// ExportEncode: (n uint32, flags uint32) -> Status; the input holds an EncodeRequest frame.
	ExportEncode = "tkz_encode"
	// ExportDecode: (n uint32, flags uint32) -> Status; the input holds a DecodeRequest frame.
	ExportDecode = "tkz_decode"
	// ExportLoadChat: (n uint32) -> Status; the input holds a ChatLoadRequest frame (output unused).
	ExportLoadChat = "tkz_load_chat"
	// ExportRender: (n uint32) -> Status; the input holds a RenderRequest frame, the output a RenderResult.
	ExportRender = "tkz_render"
	// ExportImage: (n uint32) -> Status; the output holds the loaded model's image (input unused).
	ExportImage = "tkz_image"
	// ExportLoadImage: (n uint32) -> Status; as ExportLoad, with a model image in place of tokenizer.json.
	ExportLoadImage = "tkz_load_image"
)

// The host module the guest imports from.
const (
	// ImportModule is the module name of the host's functions.
	ImportModule = "tokenizerd"
	// ImportYield: () -> (). The guest calls it regularly during long work. It does nothing, but calling into
	// the host is what lets the host's Go runtime preempt the goroutine running the guest: compiled guest
	// code cannot be preempted, and a guest that never called out would stall every stop-the-world pause
	// (garbage collection) of the whole service while it runs.
	ImportYield = "yield"
)

// Header word indexes. The header is an array of little-endian uint32 words in guest memory.
const (
	HeaderInPtr  = iota // address of the input buffer
	HeaderInCap         // capacity of the input buffer
	HeaderOutPtr        // address of the last result
	HeaderOutLen        // length of the last result
	HeaderCancel        // the host sets it non-zero to ask a running call to stop; the guest clears it per call
	HeaderWords
)

// Status is what every export returns.
type Status uint32

const (
	StatusOK Status = iota
	// StatusBadRequest: the request frame or its text is invalid (for example not UTF-8).
	StatusBadRequest
	// StatusNotLoaded: a call before a successful load.
	StatusNotLoaded
	// StatusBadModel: the tokenizer.json could not be loaded.
	StatusBadModel
	// StatusCanceled: the host set the cancel word.
	StatusCanceled
	// StatusInternal: the guest recovered from a panic; the host must discard the instance.
	StatusInternal
	// StatusTooLarge: an input or output exceeds what the guest accepts.
	StatusTooLarge
	// StatusTemplate: the chat template refused the request, failed or exceeded its limits.
	StatusTemplate
	// StatusNoTemplate: the model has no chat template.
	StatusNoTemplate
)

func (s Status) String() string {
	switch s {
	case StatusOK:
		return "ok"
	case StatusBadRequest:
		return "bad request"
	case StatusNotLoaded:
		return "no model loaded"
	case StatusBadModel:
		return "bad model"
	case StatusCanceled:
		return "canceled"
	case StatusInternal:
		return "internal error"
	case StatusTooLarge:
		return "too large"
	case StatusTemplate:
		return "chat template error"
	case StatusNoTemplate:
		return "no chat template"
	}
	return "unknown status"
}

// Flags of ExportEncode and ExportDecode.
const (
	// FlagAddSpecialTokens: run the post-processor's special tokens (encode).
	FlagAddSpecialTokens uint32 = 1 << iota
	// FlagOffsets: return offsets (encode).
	FlagOffsets
	// FlagCharOffsets: offsets in Unicode code points of the input rather than UTF-8 bytes (encode).
	FlagCharOffsets
	// FlagTokens: return the token strings (encode).
	FlagTokens
	// FlagSkipSpecialTokens: leave special tokens out of the text (decode).
	FlagSkipSpecialTokens
	// FlagPairs: the request's texts are sentence pairs, two texts per encoding (encode).
	FlagPairs
	// FlagMasks: return type ids, special-tokens mask and attention mask (encode).
	FlagMasks
)
