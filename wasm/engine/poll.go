package engine

// pollEvery is how many pre-token pieces pass between two polls of Options.Interrupted: a poll is a closure
// call, and in the sandbox a call to the host every few polls, which cost more than a short piece's tokens.
// Pieces take microseconds, so a cancellation still stops an encode well within a millisecond.
const pollEvery = 16

// poller counts pieces between polls.
type poller struct{ n uint32 }

// stop polls interrupted once every pollEvery calls and reports whether it asked to stop.
func (p *poller) stop(interrupted func() bool) bool {
	p.n++
	return interrupted != nil && p.n%pollEvery == 0 && interrupted()
}
