package handlers_test

import (
	"sync"
	"time"
)

// testNow is "now" for every test server: Monday 15 June 2026, 10:00 UTC.
var testNow = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

// clock is a settable Config.Now; panicking makes the next call panic, which
// is how tests reach the panic recovery through the real routes.
type clock struct {
	mu       sync.Mutex
	now      time.Time
	panicMsg string
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.panicMsg != "" {
		panic(c.panicMsg)
	}
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *clock) panicWith(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.panicMsg = msg
}
