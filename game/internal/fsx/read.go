package fsx

import (
	"fmt"
	"io"
	"os"
)

// ReadParsed reads a file of at most limit bytes and parses it; parse
// errors name the file.
func ReadParsed[T any](path string, limit int64, parse func([]byte) (T, error)) (T, error) {
	var zero T
	data, err := ReadSmallFile(path, limit)
	if err != nil {
		return zero, err
	}
	v, err := parse(data)
	if err != nil {
		return zero, fmt.Errorf("%s: %v", path, err)
	}
	return v, nil
}

// ReadSmallFile reads a whole file of at most limit bytes.
func ReadSmallFile(path string, limit int64) ([]byte, error) {
	// Stat first: opening a FIFO would block, a folder reads as an error.
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, limit)
	}
	return data, nil
}
