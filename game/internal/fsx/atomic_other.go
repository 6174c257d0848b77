//go:build !unix

package fsx

// isUnsupportedSync: directories cannot be opened for sync here (Windows);
// treat any error from it as unsupported.
func isUnsupportedSync(error) bool { return true }
