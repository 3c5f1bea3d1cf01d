// Package engine is the tokenizer engine: it loads a Hugging Face tokenizer.json and encodes and decodes
// exactly as the Hugging Face tokenizers library (0.23) does. It is pure Go with no I/O, no globals and no
// logging, so that it builds natively (tests, fuzzing, benchmarks, in-process mode) and for GOOS=wasip1
// (the sandbox). It must not import the host packages (runtime, httpapi, cache, cmd).
//
// # How the pieces fit
//
// The design is HF's, type for type:
//
//   - normalizedString (normalized.go) holds the original text, its normalized form and, for every
//     normalized byte, the original byte range it came from. Every rewrite (transformRange, filter,
//     prepend, replace, NFC...) keeps that alignment, and token offsets are read from it at the end.
//   - preTokenizedString (pretokenized.go) is the input cut into splits, each a normalizedString that may
//     already carry its tokens (added tokens do).
//   - The components are small interfaces (pipeline.go): normalizer, preTokenizer, model, postProcessor,
//     decoder. The added vocabulary (added_vocab.go) sits beside them.
//
// Encode runs HF's fixed order (tokenizer.go):
//
//  1. the added vocabulary cuts its tokens out of the raw text (tokens with normalized=false), then
//     normalizes the remaining pieces and cuts the normalized=true tokens out of them;
//  2. the pre-tokenizer splits the remaining pieces further (and may rewrite them, e.g. ByteLevel);
//  3. the model turns each piece into tokens; offsets go back to the input through the alignments;
//  4. post-processing: truncate, let the post-processor add special tokens, then pad.
//
// Decode maps ids to tokens (added tokens first) and runs the decoder chain.
//
// # Adding a component
//
// load.go dispatches on the "type" field of each component: adding a type is one case in the switch of
// its category (loadNormalizer, loadPreTokenizer, loadModel, loadPostProcessor, loadDecoder) calling a
// constructor that lives in the type's own file (norm_*.go, pretok_*.go, model_*.go, post_*.go,
// decoder_*.go). A constructor receives the component's JSON and its path in the file for error messages.
//
// # Loading
//
// Load reads tokenizer.json with jsonscan, a strict scanner that checks UTF-8 once, walks strings eight
// bytes at a time and reads vocabularies and merge lists in bulk (encoding/json is an order of magnitude
// slower inside wasm and keeps every token as its own string). A BPE model is built in the same pass:
// its tokens go into one arena (vocabTable), its merges into a flat table. The other components are read
// with the same scanner (component_scan.go): the engine does not link encoding/json. Limits (limits.go)
// bound what a hostile file can make the loader allocate.
//
// MarshalImage flattens a loaded tokenizer into a versioned model image (image.go): the small sections as
// JSON, the big tables in binary. LoadImage rebuilds the tokenizer from it without parsing JSON and
// validates everything, so a corrupt image is an error, never a panic. A model type without a binary form
// is stored as its JSON section and rebuilt through loadModel.
//
// # Hot path
//
// Inside wasm, Go maps are several times slower than flat tables, so vocabularies, merges and the word
// cache use open-addressing tables (tables.go) and the BPE merge loop (bpe_merge.go) reuses its buffers.
package engine
