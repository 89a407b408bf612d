package fix

import (
	"io"
	"log/slog"
)

var logger = slog.New(slog.NewTextHandler(io.Discard, nil))

// measure: args 1000
func LogCount(n int) {
	logger.Info("count", slog.Any("n", n)) // fix: slog-attrs allocs=2 bytes=56
}

// measure: args 1000, "x"
func LogPairs(n int, s string) {
	logger.Warn("pairs", "n", n, "s", s) // fix: slog-attrs allocs=2 bytes=24
}

// measure: args "n", 1000
func LogSlice(args ...any) {
	logger.Info("slice", args...) // fix-refused: slog-attrs "passed with \.\.\."
}
