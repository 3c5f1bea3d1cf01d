package main

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// envVars lists the environment variables that fill t, nested configuration structs included, in field order.
func envVars(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		switch {
		case name != "" && name != "-":
			names = append(names, name)
		case f.Type.Kind() == reflect.Struct && f.IsExported():
			names = append(names, envVars(f.Type)...)
		}
	}
	return names
}

// readmeConfigTable returns the variable names in the first column of the README's configuration table.
func readmeConfigTable(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no \"## Configuration\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var names []string
	for line := range strings.Lines(section) {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) < 3 || cells[0] != "" {
			continue // not a table row
		}
		// The first cell may name several variables: `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`.
		for i, part := range strings.Split(cells[1], "`") {
			if i%2 == 1 {
				names = append(names, part)
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("the README's configuration section has no table of `VARIABLE`s")
	}
	return names
}

// TestReadmeDocumentsEveryVariable holds the README's configuration table to the Config struct: a variable
// the service reads but the README does not name is a setting nobody can find.
func TestReadmeDocumentsEveryVariable(t *testing.T) {
	documented := readmeConfigTable(t)
	vars := envVars(reflect.TypeFor[Config]())
	if len(vars) < 10 {
		t.Fatalf("found only %d variables in Config: %q", len(vars), vars)
	}
	var missing []string
	for _, v := range vars {
		if !slices.Contains(documented, v) {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Errorf("README.md's configuration table lacks %d variables: %s", len(missing), strings.Join(missing, ", "))
	}
	for _, d := range documented {
		if !slices.Contains(vars, d) && !strings.HasPrefix(d, "GO") { // GOMEMLIMIT and friends belong to the Go runtime
			t.Errorf("README.md documents %s, which Config does not read", d)
		}
	}
}
