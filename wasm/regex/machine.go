package regex

import "fmt"

// Budgets: steps (instructions run) per FindAllIndex call and backtrack-stack frames, both proportional to
// the input so that any pattern fails fast instead of hanging or exhausting the sandbox's memory.
const (
	stepsPerByte  = 1000
	stepsConstant = 100000
	framesPerByte = 8
	framesConst   = 4096
)

type frameKind uint8

const (
	frameChoice     frameKind = iota // resume at pc, pos
	frameRun                         // opRun giving back one character at a time, down to lo
	frameRestoreReg                  // on backtracking, regs[reg] = pos
	frameBarrier                     // lookaround or atomic group started at pos; look tells which
)

type frame struct {
	pos  int
	lo   int // frameRun: the lowest end the run may give back to
	pc   int32
	reg  int32 // frameRestoreReg: register; frameBarrier: lookKind
	kind frameKind
}

// machine runs a program over one subject with an explicit backtracking stack, reused between calls.
type machine struct {
	prog        *program
	s           string
	stack       []frame
	regs        []int
	steps       int
	budget      int
	maxFrames   int
	searchStart int
}

func (m *machine) reset(prog *program, s string) {
	m.prog, m.s = prog, s
	m.steps = 0
	m.budget = stepsPerByte*len(s) + stepsConstant
	m.maxFrames = framesPerByte*len(s) + framesConst
	if cap(m.regs) < prog.numRegs {
		m.regs = make([]int, prog.numRegs)
	}
	m.regs = m.regs[:prog.numRegs]
}

// search finds the leftmost match starting at or after from, like onig_search: it tries each start position
// in turn, one character apart.
func (m *machine) search(from int) (start, end int, err error) {
	s, first := m.s, m.prog.first
	m.searchStart = from
	for pos := from; pos <= len(s); pos += charLen(s, pos) {
		if first != nil {
			for pos < len(s) {
				r, n := decode(s, pos)
				if first.has(r) {
					break
				}
				pos += n
			}
			if pos == len(s) {
				return -1, -1, nil // a non-empty match cannot start at the end
			}
		}
		end, err := m.run(pos)
		if err != nil || end >= 0 {
			return pos, end, err
		}
	}
	return -1, -1, nil
}

// run matches the program anchored at pos and returns the end of the first match in backtracking order.
func (m *machine) run(pos int) (int, error) {
	s, insts, classes := m.s, m.prog.insts, m.prog.classes
	m.stack = m.stack[:0]
	pc := int32(0)
	for {
		if m.steps++; m.steps > m.budget {
			return -1, fmt.Errorf("%w: more than %d steps for %d bytes", ErrBudget, m.budget, len(s))
		}
		if len(m.stack) > m.maxFrames {
			return -1, fmt.Errorf("%w: more than %d backtrack frames for %d bytes", ErrBudget, m.maxFrames, len(s))
		}
		in := &insts[pc]
		ok := true
		switch in.op {
		case opChar:
			ok = false
			if pos < len(s) {
				if r, n := decode(s, pos); classes[in.arg].has(r) {
					pos += n
					pc++
					ok = true
				}
			}
		case opRun:
			start, class, count := pos, classes[in.arg], int32(0)
			for pos < len(s) && (in.arg3 < 0 || count < in.arg3) {
				r, n := decode(s, pos)
				if !class.has(r) {
					break
				}
				pos += n
				count++
				if count == in.arg2 {
					start = pos
				}
			}
			if ok = count >= in.arg2; ok {
				if pos > start && !in.possessive {
					m.stack = append(m.stack, frame{kind: frameRun, pc: pc + 1, pos: pos, lo: start})
				}
				pc++
			}
		case opSplit:
			m.stack = append(m.stack, frame{kind: frameChoice, pc: in.arg2, pos: pos})
			pc = in.arg
		case opJmp:
			pc = in.arg
		case opSetReg:
			m.stack = append(m.stack, frame{kind: frameRestoreReg, reg: in.arg, pos: m.regs[in.arg]})
			m.regs[in.arg] = pos
			pc++
		case opEmptyCheck:
			if m.regs[in.arg] == pos {
				pc = in.arg2
			} else {
				pc++
			}
		case opAssert:
			if ok = m.assert(assertKind(in.arg), pos); ok {
				pc++
			}
		case opLookBegin:
			m.stack = append(m.stack, frame{kind: frameBarrier, reg: in.arg, pc: in.arg2, pos: pos})
			pc++
		case opLookEnd:
			barrierPos := m.cutToBarrier()
			switch lookKind(in.arg) {
			case lookAhead, lookBehind:
				pos = barrierPos
				pc++
			case lookAtomic:
				pc++
			default: // the negated body matched, so the lookaround fails
				ok = false
			}
		case opStepBack:
			for range in.arg {
				if pos == 0 {
					ok = false
					break
				}
				_, n := decodeLast(s, pos)
				pos -= n
			}
			pc++
		case opCheckReg:
			ok = pos == m.regs[in.arg]
			pc++
		case opMatch:
			return pos, nil
		}
		if ok {
			continue
		}
		if pc, pos, ok = m.backtrack(); !ok {
			return -1, nil
		}
	}
}

// backtrack pops the stack to the next alternative to try.
func (m *machine) backtrack() (pc int32, pos int, ok bool) {
	for len(m.stack) > 0 {
		f := &m.stack[len(m.stack)-1]
		switch f.kind {
		case frameChoice:
			m.stack = m.stack[:len(m.stack)-1]
			return f.pc, f.pos, true
		case frameRun:
			_, n := decodeLast(m.s, f.pos)
			f.pos -= n
			pc, pos = f.pc, f.pos
			if f.pos <= f.lo {
				m.stack = m.stack[:len(m.stack)-1]
			}
			return pc, pos, true
		case frameRestoreReg:
			m.regs[f.reg] = f.pos
			m.stack = m.stack[:len(m.stack)-1]
		case frameBarrier:
			m.stack = m.stack[:len(m.stack)-1]
			if look := lookKind(f.reg); look == lookAheadNot || look == lookBehindNot {
				return f.pc, f.pos, true // the negated body failed, so the lookaround holds
			}
		}
	}
	return 0, 0, false
}

// cutToBarrier ends the innermost lookaround or atomic group: it drops the alternatives its body left on
// the stack (keeping register restores, which later backtracking still needs) and the barrier itself, and
// returns the position where the group started.
func (m *machine) cutToBarrier() int {
	b := len(m.stack) - 1
	for m.stack[b].kind != frameBarrier {
		b--
	}
	pos := m.stack[b].pos
	kept := b
	for _, f := range m.stack[b+1:] {
		if f.kind == frameRestoreReg {
			m.stack[kept] = f
			kept++
		}
	}
	m.stack = m.stack[:kept]
	return pos
}

func (m *machine) assert(a assertKind, pos int) bool {
	s := m.s
	switch a {
	case assertLineBegin:
		return pos == 0 || pos < len(s) && s[pos-1] == '\n'
	case assertLineEnd:
		return pos == len(s) || s[pos] == '\n'
	case assertTextBegin:
		return pos == 0
	case assertTextEnd:
		return pos == len(s)
	case assertTextEndNL:
		return pos == len(s) || pos == len(s)-1 && s[pos] == '\n'
	case assertSearchStart:
		return pos == m.searchStart
	case assertWordBoundary, assertNotWordBoundary:
		return m.atWordBoundary(pos) == (a == assertWordBoundary)
	}
	return false
}

func (m *machine) atWordBoundary(pos int) bool {
	before, after := false, false
	if pos > 0 {
		r, _ := decodeLast(m.s, pos)
		before = isWordChar(r)
	}
	if pos < len(m.s) {
		r, _ := decode(m.s, pos)
		after = isWordChar(r)
	}
	return before != after
}
