package engine

import (
	"math"
	"strconv"
	"testing"
)

// The expected bits were computed independently (Python floats, which are IEEE doubles like Rust's)
// as float(significand) / 10**k or * 10**k, serde_json's default algorithm.
func TestSerdeFloat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // %x of the float64
	}{
		{"-12.210668563842773", "-0x1.86bdcbfffffffp+03"}, // correctly rounded: -0x1.86bdcc0000000p+03
		{"-9.033994674682617", "-0x1.21167bfffffffp+03"},
		{"-11.209592819213867", "-0x1.66b4fcp+03"},
		{"83.030920993190389", "0x1.4c1fa9c0ba0cdp+06"},
		{"0.1", "0x1.999999999999ap-04"},
		{"-3.4028234663852886e+38", "-0x1.fffffe0000001p+127"},
		{"123456789012345678901234", "0x1.a249b1f10a06cp+76"}, // digits past u64 only scale
		{"0", "0x0p+00"},
		{"-0", "-0x0p+00"},
		{"7", "0x1.cp+02"},
		{"1e400000000000", ""}, // out of range
		{"1e-400000000000", "0x0p+00"},
	} {
		got, err := serdeFloat(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("serdeFloat(%q) = %x, want an error", c.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("serdeFloat(%q): %v", c.in, err)
			continue
		}
		if s := strconv.FormatFloat(got, 'x', -1, 64); s != c.want || math.Signbit(got) != (c.want[0] == '-') {
			t.Errorf("serdeFloat(%q) = %s, want %s", c.in, s, c.want)
		}
	}
	for _, bad := range []string{"", "-", "1.", ".5", "01", "1e", "1x", "+1"} {
		if _, err := serdeFloat(bad); err == nil {
			t.Errorf("serdeFloat(%q) accepted", bad)
		}
	}
}
