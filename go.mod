module github.com/tokenizerd/tokenizerd

go 1.26.8

require (
	github.com/caarlos0/env/v11 v11.4.2
	github.com/gofrs/flock v0.13.2
	golang.org/x/term v0.48.0
)

require golang.org/x/sys v0.50.0 // indirect
