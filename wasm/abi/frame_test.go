package abi

import (
	"errors"
	"reflect"
	"testing"
)

func TestTextsRoundTrip(t *testing.T) {
	texts := []string{"", "Hello", "世界\x00", "a\nb"}
	r := NewReader(AppendTexts(nil, texts))
	if got := r.Texts(); !reflect.DeepEqual(got, texts) || r.Done() != nil {
		t.Fatalf("got %q, %v", got, r.Err())
	}
}

func TestIDListsRoundTrip(t *testing.T) {
	lists := [][]uint32{{}, {1, 2, 3}, {1<<32 - 1}}
	r := NewReader(AppendIDLists(nil, lists))
	if got := r.IDLists(); !reflect.DeepEqual(got, lists) || r.Done() != nil {
		t.Fatalf("got %v, %v", got, r.Err())
	}
}

func TestModelInfoRoundTrip(t *testing.T) {
	info := ModelInfo{MaxModelLen: 40960, VocabSize: 151669, BOSToken: "<s>", EOSToken: "<|im_end|>"}
	r := NewReader(info.Append(nil))
	if got := r.ModelInfo(); got != info || r.Done() != nil {
		t.Fatalf("got %+v, %v", got, r.Err())
	}
}

func TestHostileFrames(t *testing.T) {
	cases := map[string][]byte{
		"truncated count":            {1, 0},
		"count beyond the frame":     AppendU32(nil, 1<<30),
		"string longer than frame":   AppendU32(AppendU32(nil, 1), 100),
		"trailing bytes":             append(AppendTexts(nil, []string{"a"}), 0),
		"ids count beyond the frame": AppendU32(AppendU32(nil, 1), 1<<30),
	}
	for name, frame := range cases {
		r := NewReader(frame)
		if name == "ids count beyond the frame" {
			r.IDLists()
		} else {
			r.Texts()
		}
		if err := r.Done(); !errors.Is(err, ErrFrame) {
			t.Errorf("%s: err = %v, want ErrFrame", name, err)
		}
	}
}

func TestInvalidUTF8TextIsRefused(t *testing.T) {
	r := NewReader(AppendTexts(nil, []string{"ok", "\xff"}))
	r.Texts()
	if err := r.Done(); !errors.Is(err, ErrInvalidUTF8) {
		t.Fatalf("err = %v, want ErrInvalidUTF8", err)
	}
}

func TestTextViewsAliasTheFrame(t *testing.T) {
	texts := []string{"", "Hello", "世界\x00", "a\nb"}
	frame := AppendTexts(nil, texts)
	r := NewReader(frame)
	got := r.TextViews()
	if !reflect.DeepEqual(got, texts) || r.Done() != nil {
		t.Fatalf("got %q, %v", got, r.Err())
	}
	frame[len(frame)-1] = 'c' // the last byte of "a\nb"
	if got[3] != "a\nc" {
		t.Fatalf("view %q does not alias the frame", got[3])
	}
	for _, frame := range [][]byte{nil, AppendTexts(nil, []string{"ok", "\xff"})} {
		r := NewReader(frame)
		r.TextViews()
		if r.Done() == nil {
			t.Errorf("frame %q accepted", frame)
		}
	}
}

func TestAppendU32sWritesFrameWords(t *testing.T) {
	words := []uint32{0, 1, 0x01020304, 1<<32 - 1}
	var want []byte
	for _, w := range words {
		want = AppendU32(want, w)
	}
	if got := AppendU32s([]byte{9}, words); !reflect.DeepEqual(got, append([]byte{9}, want...)) {
		t.Fatalf("got %v, want 9 then %v", got, want)
	}
}

func TestFiles(t *testing.T) {
	frame := AppendTexts(nil, []string{"a", "", "ccc"})
	files, err := Files(frame, 3)
	if err != nil || len(files) != 3 || string(files[0]) != "a" || len(files[1]) != 0 || string(files[2]) != "ccc" {
		t.Fatalf("got %q, %v", files, err)
	}
	if _, err := Files(frame, 5); !errors.Is(err, ErrFrame) || err.Error() != "abi: malformed frame: 3 files, want 5" {
		t.Errorf("wrong count: %v", err)
	}
	if _, err := Files(frame[:len(frame)-1], 3); !errors.Is(err, ErrFrame) {
		t.Errorf("truncated: %v", err)
	}
}
