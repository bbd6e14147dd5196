package models

// SetTextIndexProbe makes the search probe count at most n matches before
// it takes the words for common (0: every word is common), and returns a
// function that restores the limit. Tests that call it must not run in
// parallel.
func SetTextIndexProbe(n int) (restore func()) {
	old := textIndexProbe
	textIndexProbe = n
	return func() { textIndexProbe = old }
}
