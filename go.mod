module github.com/tokenizerd/tokenizerd

go 1.26.8

require (
	github.com/caarlos0/env/v11 v11.4.2
	github.com/gofrs/flock v0.13.2
	github.com/gorilla/mux v1.8.1
	github.com/klauspost/compress v1.20.4
	github.com/rivo/uniseg v0.4.7
	github.com/tetratelabs/wazero v1.12.0
	golang.org/x/term v0.48.0
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.50.0 // indirect
