# syntax=docker/dockerfile:1
#
# tokenizerd: one static binary on an empty base, run as a non-root user.
#
#   docker build -t ghcr.io/tokenizerd/tokenizerd:latest .
#   docker run --read-only -v tokenizer-models:/models -v tokenizer-socket:/tmp/tokenizer ghcr.io/tokenizerd/tokenizerd:latest
#
# No Docker engine runs where the tests run: the tests in deploy/ read this file and prove its promises
# instead — the binary built as below is statically linked, and it serves over its socket when it is alone
# in an empty root folder holding only what this image holds, as this USER, with this ENV; .dockerignore
# leaves out nothing the build reads.

FROM golang:1.26.8 AS build
# The toolchain of this image, never a download: the committed guests (wasm/guest.wasm, …) were built with
# exactly this version, and no generator runs here.
ENV GOTOOLCHAIN=local CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -buildvcs=false -o /out/tokenizerd ./cmd/tokenizerd
# scratch has no shell to make folders with: the ones the service writes to are made here. Everything else
# in the image stays read-only to the service user.
RUN mkdir -p /out/root/tmp/tokenizer /out/root/models /out/root/var/cache/tokenizerd \
 && chmod 0750 /out/root/tmp/tokenizer /out/root/models /out/root/var/cache/tokenizerd

FROM scratch
# The CA bundle is for `tokenizerd pull` and downloads at run time; nothing else comes from the build stage.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build --chown=65532:65532 /out/root/tmp/tokenizer /tmp/tokenizer
COPY --from=build --chown=65532:65532 /out/root/models /models
COPY --from=build --chown=65532:65532 /out/root/var/cache/tokenizerd /var/cache/tokenizerd
COPY --from=build /out/tokenizerd /tokenizerd
USER 65532:65532
# The compiled sandbox is kept on its own volume: with a read-only root it has nowhere else to go, and
# keeping it saves compiling the guest again on every restart.
ENV SOCKET_PATH=/tmp/tokenizer/tokenizer-uds.socket \
    MODELS_DIR=/models \
    COMPILATION_CACHE_DIR=/var/cache/tokenizerd
VOLUME ["/models", "/tmp/tokenizer", "/var/cache/tokenizerd"]
ENTRYPOINT ["/tokenizerd"]
CMD ["serve"]
