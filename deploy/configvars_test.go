package deploy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// configPackages hold the structs whose env tags make up tokenizerd's configuration (cmd/tokenizerd's Config
// and the package configs it nests).
var configPackages = []string{"cmd/tokenizerd", "httpapi", "runtime", "cache"}

// goRuntimeVars are read by the Go runtime itself, not by our configuration.
var goRuntimeVars = map[string]bool{"GOMEMLIMIT": true, "GOMAXPROCS": true, "GOGC": true, "GODEBUG": true}

// configVars returns every environment variable name that a struct field of the configuration packages reads,
// found in their sources: package main cannot be imported, and the sources are what the binary is built from.
func configVars(t *testing.T) map[string]bool {
	t.Helper()
	vars := map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range configPackages {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				field, ok := n.(*ast.Field)
				if !ok || field.Tag == nil {
					return true
				}
				tag, err := strconv.Unquote(field.Tag.Value)
				if err != nil {
					t.Fatalf("%s: tag %s: %v", file, field.Tag.Value, err)
				}
				if name, _, _ := strings.Cut(reflect.StructTag(tag).Get("env"), ","); name != "" {
					vars[name] = true
				}
				return true
			})
		}
	}
	if len(vars) == 0 {
		t.Fatal("no env tags found in the configuration packages")
	}
	return vars
}
