module github.com/tokenizerd/tokenizerd

go 1.26.8

require github.com/gofrs/flock v0.13.2

require (
	github.com/caarlos0/env/v11 v11.4.2 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
