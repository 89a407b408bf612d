package fix

import (
	"errors"
	"fmt"
)

// measure: args -1
func check(n int) error {
	if n < 0 {
		return errors.New("negative count") // fix: error-sentinel allocs=1 bytes=16
	}
	return nil
}

// measure: args -1
func Validate(n int) error {
	if n < 0 {
		return errors.New("invalid count") // fix-refused: error-sentinel "exported"
	}
	return check(n)
}

// measure: args -1
func wrapped(n int) error {
	if n < 0 {
		return fmt.Errorf("bad: %w", errors.New("negative")) // fix-refused: error-sentinel "not returned as it is"
	}
	return nil
}

func Use() error { return wrapped(1) }
