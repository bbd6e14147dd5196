package handlers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/uptrace/bun"

	"docket/handlers"
)

// handlerTransport answers requests by calling the handler in process.
type handlerTransport struct{ h http.Handler }

func (tr handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// Turn the client request into the one a server would hand over.
	in := req.Clone(req.Context())
	in.Host = req.URL.Host
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:40000"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	tr.h.ServeHTTP(rec, in)
	res := rec.Result()
	res.Request = req
	return res, nil
}

// queryLog is a Bun query hook that records every statement, BEGIN and
// COMMIT included.
type queryLog struct {
	mu      sync.Mutex
	queries []string
}

// withQueryLog is a newTestServer option that records the server's
// statements in ql.
func withQueryLog(ql *queryLog) func(*handlers.Config) {
	return func(c *handlers.Config) { c.DB.AddQueryHook(ql) }
}

func (q *queryLog) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (q *queryLog) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	q.mu.Lock()
	q.queries = append(q.queries, e.Query)
	q.mu.Unlock()
}

// reset forgets the statements so far.
func (q *queryLog) reset() {
	q.mu.Lock()
	q.queries = nil
	q.mu.Unlock()
}

// take returns and forgets the statements so far.
func (q *queryLog) take() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.queries
	q.queries = nil
	return out
}
