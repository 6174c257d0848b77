//go:build unix

package fsx

import (
	"errors"
	"syscall"
)

// isUnsupportedSync: some filesystems refuse fsync on a directory; the
// rename is then as durable as that filesystem can make it.
func isUnsupportedSync(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}
