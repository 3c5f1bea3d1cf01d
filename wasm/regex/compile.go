package regex

import "fmt"

type opcode uint8

const (
	opChar       opcode = iota // one character in classes[arg]
	opRun                      // greedy run of classes[arg], min..max (arg2, arg3) characters; possessive if flag
	opSplit                    // try arg, on failure arg2
	opJmp                      // go to arg
	opSetReg                   // regs[arg] = position (undone on backtracking)
	opEmptyCheck               // if position == regs[arg], leave the loop: go to arg2
	opAssert                   // zero-width assertion assertKind(arg)
	opLookBegin                // open lookKind(arg); arg2 is the instruction after its opLookEnd
	opLookEnd                  // close lookKind(arg)
	opStepBack                 // move back arg characters (look-behind)
	opCheckReg                 // fail unless position == regs[arg]
	opMatch
)

type inst struct {
	op         opcode
	possessive bool
	arg, arg2  int32
	arg3       int32 // opRun: max characters, -1 for unbounded
}

// program is a compiled pattern for the backtracking machine.
type program struct {
	insts   []inst
	classes []*charClass
	numRegs int
	// first, when set, holds every character a match can start with: start positions elsewhere are skipped.
	first *charClass
}

type compiler struct {
	prog    program
	classOf map[*node]int32
}

func compile(pattern string) (*program, error) {
	root, err := parse(pattern)
	if err != nil {
		return nil, err
	}
	c := &compiler{classOf: make(map[*node]int32)}
	if err := c.emitNode(root); err != nil {
		return nil, err
	}
	c.emit(inst{op: opMatch})
	if set, nullable := firstSet(root); !nullable {
		c.prog.first = newCharClass(set)
	}
	return &c.prog, nil
}

func (c *compiler) emit(in inst) int32 {
	c.prog.insts = append(c.prog.insts, in)
	return int32(len(c.prog.insts) - 1)
}

func (c *compiler) pc() int32 { return int32(len(c.prog.insts)) }

func (c *compiler) class(n *node) int32 {
	if i, ok := c.classOf[n]; ok {
		return i
	}
	c.prog.classes = append(c.prog.classes, newCharClass(n.set))
	i := int32(len(c.prog.classes) - 1)
	c.classOf[n] = i
	return i
}

func (c *compiler) newReg() int32 {
	c.prog.numRegs++
	return int32(c.prog.numRegs - 1)
}

func (c *compiler) emitNode(n *node) error {
	if len(c.prog.insts) > maxProgram {
		return fmt.Errorf("%w: pattern too large once repeats are expanded", ErrSyntax)
	}
	switch n.kind {
	case nodeChar:
		c.emit(inst{op: opChar, arg: c.class(n)})
	case nodeEmpty:
	case nodeConcat:
		for _, sub := range n.subs {
			if err := c.emitNode(sub); err != nil {
				return err
			}
		}
	case nodeAlt:
		return c.emitAlternatives(len(n.subs), func(i int) error { return c.emitNode(n.subs[i]) })
	case nodeRepeat:
		return c.emitRepeat(n)
	case nodeAssert:
		c.emit(inst{op: opAssert, arg: int32(n.assert)})
	case nodeLook:
		return c.emitLook(n)
	}
	return nil
}

// emitAlternatives tries n alternatives in order, each emitted by emitOne: split to it, on failure split
// to the next.
func (c *compiler) emitAlternatives(n int, emitOne func(i int) error) error {
	var jumps []int32
	for i := range n {
		split := int32(-1)
		if i < n-1 {
			split = c.emit(inst{op: opSplit})
			c.prog.insts[split].arg = c.pc()
		}
		if err := emitOne(i); err != nil {
			return err
		}
		if split >= 0 {
			jumps = append(jumps, c.emit(inst{op: opJmp}))
			c.prog.insts[split].arg2 = c.pc()
		}
	}
	for _, j := range jumps {
		c.prog.insts[j].arg = c.pc()
	}
	return nil
}

func (c *compiler) emitRepeat(n *node) error {
	sub := n.subs[0]
	if n.possessive {
		inner := *n
		inner.possessive = false
		return c.emitLook(&node{kind: nodeLook, look: lookAtomic, subs: []*node{&inner}})
	}
	if sub.kind == nodeChar && !n.lazy {
		// A greedy run of one class backtracks one character at a time from a single stack frame.
		c.emit(inst{op: opRun, arg: c.class(sub), arg2: int32(n.min), arg3: int32(n.max)})
		return nil
	}
	for range n.min {
		if err := c.emitNode(sub); err != nil {
			return err
		}
	}
	if n.max < 0 {
		return c.emitStar(sub, n.lazy)
	}
	var exits []int32
	for range n.max - n.min {
		split := c.emit(inst{op: opSplit})
		exits = append(exits, split)
		c.setSplit(split, c.pc(), n.lazy)
		if err := c.emitNode(sub); err != nil {
			return err
		}
	}
	for _, s := range exits {
		c.setSplitExit(s, c.pc(), n.lazy)
	}
	return nil
}

// setSplit points split's "enter the body" branch at body; greedy tries the body first, lazy tries it last.
func (c *compiler) setSplit(split, body int32, lazy bool) {
	if lazy {
		c.prog.insts[split].arg2 = body
	} else {
		c.prog.insts[split].arg = body
	}
}

func (c *compiler) setSplitExit(split, exit int32, lazy bool) {
	if lazy {
		c.prog.insts[split].arg = exit
	} else {
		c.prog.insts[split].arg2 = exit
	}
}

// emitStar loops over sub. When sub can match the empty string, an iteration that matched nothing leaves
// the loop, as Oniguruma's empty check does, so the loop always ends.
func (c *compiler) emitStar(sub *node, lazy bool) error {
	loop := c.emit(inst{op: opSplit})
	c.setSplit(loop, c.pc(), lazy)
	_, nullable := firstSet(sub)
	reg := int32(-1)
	if nullable {
		reg = c.newReg()
		c.emit(inst{op: opSetReg, arg: reg})
	}
	if err := c.emitNode(sub); err != nil {
		return err
	}
	check := int32(-1)
	if nullable {
		check = c.emit(inst{op: opEmptyCheck, arg: reg})
	}
	c.emit(inst{op: opJmp, arg: loop})
	c.setSplitExit(loop, c.pc(), lazy)
	if check >= 0 {
		c.prog.insts[check].arg2 = c.pc()
	}
	return nil
}

func (c *compiler) emitLook(n *node) error {
	body := n.subs[0]
	if n.look != lookBehind && n.look != lookBehindNot {
		begin := c.emit(inst{op: opLookBegin, arg: int32(n.look)})
		if err := c.emitNode(body); err != nil {
			return err
		}
		c.emit(inst{op: opLookEnd, arg: int32(n.look)})
		c.prog.insts[begin].arg2 = c.pc()
		return nil
	}
	// Look-behind: each alternative has a fixed length (Oniguruma allows different lengths per top-level
	// alternative); step back that many characters and require the alternative to end where we started.
	branches := []*node{body}
	if body.kind == nodeAlt {
		branches = body.subs
	}
	reg := c.newReg()
	c.emit(inst{op: opSetReg, arg: reg})
	begin := c.emit(inst{op: opLookBegin, arg: int32(n.look)})
	err := c.emitAlternatives(len(branches), func(i int) error {
		length, ok := fixedLength(branches[i])
		if !ok || length > maxLookBehind {
			return fmt.Errorf("%w: invalid pattern in look-behind (each alternative needs a fixed length)", ErrSyntax)
		}
		c.emit(inst{op: opStepBack, arg: int32(length)})
		if err := c.emitNode(branches[i]); err != nil {
			return err
		}
		c.emit(inst{op: opCheckReg, arg: reg})
		return nil
	})
	if err != nil {
		return err
	}
	c.emit(inst{op: opLookEnd, arg: int32(n.look)})
	c.prog.insts[begin].arg2 = c.pc()
	return nil
}
