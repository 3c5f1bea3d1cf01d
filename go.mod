module github.com/tokenizerd/tokenizerd

go 1.26.8
