module github.com/tokenizerd/tokenizerd

go 1.26.8

require golang.org/x/text v0.44.0

require github.com/rivo/uniseg v0.4.7
