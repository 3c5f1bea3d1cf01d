package regex

// nodeKind names the constructs of a parsed pattern.
type nodeKind uint8

const (
	nodeChar   nodeKind = iota // one character from set
	nodeEmpty                  // matches the empty string
	nodeConcat                 // subs in sequence
	nodeAlt                    // subs tried in order (leftmost-first)
	nodeRepeat                 // subs[0] repeated min..max times (max < 0: unbounded)
	nodeLook                   // lookaround or atomic group around subs[0]
	nodeAssert                 // zero-width anchor
)

type lookKind uint8

const (
	lookAhead lookKind = iota
	lookAheadNot
	lookBehind
	lookBehindNot
	lookAtomic
)

type assertKind uint8

const (
	assertLineBegin       assertKind = iota // ^: start of string or after \n, but not at the very end
	assertLineEnd                           // $: end of string or before \n
	assertTextBegin                         // \A
	assertTextEnd                           // \z
	assertTextEndNL                         // \Z: end of string or before a final \n
	assertSearchStart                       // \G: where this search started
	assertWordBoundary                      // \b
	assertNotWordBoundary                   // \B
)

type node struct {
	kind       nodeKind
	set        runeSet // nodeChar
	subs       []*node
	min, max   int  // nodeRepeat
	lazy       bool // nodeRepeat
	possessive bool // nodeRepeat
	look       lookKind
	assert     assertKind
	// group marks a node that a capturing, named, option or atomic group enclosed: Oniguruma lets those be
	// quantified even when they hold only an anchor.
	group bool
}

// Limits that keep compiling and matching bounded whatever the pattern.
const (
	maxNesting    = 100    // groups and stacked quantifiers
	maxRepeat     = 100000 // Oniguruma's ONIG_MAX_REPEAT_NUM
	maxProgram    = 100000 // instructions after expanding counted repeats
	maxLookBehind = 1000   // characters a look-behind may step back
)
