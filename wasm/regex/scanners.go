package regex

// knownScanner returns the hand-written scanner for pattern, or nil. Each scanner is proven equal to the
// backtracking engine on the reference corpus and on generated and fuzzed inputs (scanners_test.go).
func knownScanner(pattern string) func(s string, i int) int {
	switch pattern {
	case patternGPT2:
		return scanGPT2
	case patternLlama3:
		return scanLlama3
	case patternQwen2:
		return scanQwen2
	case patternO200K:
		return scanO200K
	case patternDigits1To3:
		return scanDigits1To3
	case patternDeepSeekCJK:
		return scanDeepSeekCJK
	case patternDeepSeekMain:
		return scanDeepSeekMain
	case patternCLIP:
		return scanCLIP
	case patternSpaces:
		return scanSpaces
	case patternSpaceRun2:
		return scanSpaceRun2
	}
	return nil
}

// knownScanAll returns, for the patterns of the most used byte-level tokenizers, a loop over all matches
// that calls the scanner directly: inside wasm the indirect call per match, and the wrapper that fixes a
// scanner's parameter, cost more than the scan of a short word.
func knownScanAll(pattern string) func(s string, dst [][2]int) [][2]int {
	switch pattern {
	case patternGPT2:
		return scanAllGPT2
	case patternLlama3:
		return func(s string, dst [][2]int) [][2]int { return scanAllCL100K(s, dst, 3) }
	case patternQwen2:
		return func(s string, dst [][2]int) [][2]int { return scanAllCL100K(s, dst, 1) }
	}
	return nil
}
