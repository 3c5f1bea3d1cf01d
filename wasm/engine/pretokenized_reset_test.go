package engine

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestResetClearsEveryField dirties every field of a piece, its normalized string's included, and checks
// that reset leaves exactly the piece a fresh text starts with: a field added to split or
// normalizedString without a line in reset or setString fails here.
func TestResetClearsEveryField(t *testing.T) {
	for _, flag := range []bool{false, true} { // booleans dirtied both ways
		var p preTokenizedString
		p.splits = make([]split, 2)
		dirty(t, reflect.ValueOf(&p.splits[0]).Elem(), flag)
		p.reset("text")
		if want := (split{norm: newNormalizedString("text")}); !reflect.DeepEqual(p.splits[0], want) {
			t.Errorf("booleans %v, after reset: %+v\nwant %+v", flag, p.splits[0], want)
		}
		if len(p.splits) != 1 || p.original != "text" {
			t.Errorf("after reset: %d pieces, original %q", len(p.splits), p.original)
		}
	}
}

// dirty sets every field of the struct v, recursively, to a value no constructor gives it, and every
// boolean to flag.
func dirty(t *testing.T, v reflect.Value, flag bool) {
	for i := range v.NumField() {
		f := v.Field(i)
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem() // settable, though unexported
		switch f.Kind() {
		case reflect.Struct:
			dirty(t, f, flag)
		case reflect.String:
			f.SetString("dirty")
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		case reflect.Int:
			f.SetInt(-7)
		case reflect.Bool:
			f.SetBool(flag)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		default:
			t.Fatalf("field %s of kind %s: teach dirty about it", v.Type().Field(i).Name, f.Kind())
		}
	}
}
