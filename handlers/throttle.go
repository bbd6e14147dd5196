package handlers

import (
	"context"
	"net/http"

	"docket/models"
)

// Wrong passwords allowed in one window (models.LoginWindow) before 429s.
// Log-in and the account page's password checks count alike.
const (
	// maxFailuresPerPair slows guessing one account from one address.
	maxFailuresPerPair = 5
	// maxFailuresPerIP slows one address guessing across accounts.
	maxFailuresPerIP = 50
	// userUnderAttack is the count, over all addresses, past which an
	// account only takes tries from addresses that have not failed on it
	// this window. Guessing from many addresses slows to one try per
	// address per window, and nobody can lock the owner out: a correct
	// password from a clean address still gets in.
	userUnderAttack = 20
)

// maxThrottleKeyLen bounds what one failed try stores: an address and a
// username are both far shorter.
const maxThrottleKeyLen = 128

// passwordGate counts the wrong passwords of one username from one address.
type passwordGate struct {
	ip, user, pair string
}

// newPasswordGate is the gate for username from r's client. A username no
// account can have is counted against the address alone, so hostile input
// never grows the table by more than one short row per address.
func newPasswordGate(r *http.Request, username string) passwordGate {
	ip := clientIP(r)
	g := passwordGate{ip: "ip:" + ip}
	if len(g.ip) > maxThrottleKeyLen {
		g.ip = g.ip[:maxThrottleKeyLen]
	}
	if models.ValidateUsername(username) == nil {
		g.user = "user:" + username
		g.pair = "pair:" + username + "@" + ip
		if len(g.pair) > maxThrottleKeyLen {
			g.pair = g.pair[:maxThrottleKeyLen]
		}
	}
	return g
}

func (g passwordGate) keys() []string {
	if g.user == "" {
		return []string{g.ip}
	}
	return []string{g.ip, g.user, g.pair}
}

// passwordAllowed reports whether another try may be checked now, and how many
// failures this user had from this address (0 means there is nothing to
// clear after a success).
func (h *Handler) passwordAllowed(ctx context.Context, g passwordGate) (ok bool, pairFailures int, err error) {
	n, err := models.LoginFailures(ctx, h.db.Read, h.now(), g.keys()...)
	if err != nil {
		return false, 0, err
	}
	pair := n[g.pair]
	switch {
	case n[g.ip] >= maxFailuresPerIP, pair >= maxFailuresPerPair:
		return false, pair, nil
	case n[g.user] >= userUnderAttack && pair > 0:
		return false, pair, nil
	}
	return true, pair, nil
}

// passwordFailed counts a wrong password.
func (h *Handler) passwordFailed(ctx context.Context, g passwordGate) error {
	return models.RecordLoginFailure(ctx, h.db.Write, h.now(), g.keys()...)
}

// passwordSucceeded forgets this address's failures on the account. The
// account's total is kept: a success must not reopen an attack's window.
func (h *Handler) passwordSucceeded(ctx context.Context, g passwordGate, pairFailures int) error {
	if pairFailures == 0 || g.pair == "" { // most successes follow no failure: skip the write
		return nil
	}
	return models.ClearLoginFailures(ctx, h.db.Write, g.pair)
}

// tooManyTries is what a throttled log-in shows; the window is fixed, so
// the wait is at most this long.
const tooManyTries = "Too many failed log-ins. Wait 15 minutes, then try again."

// tooManyPasswords is what a throttled password check on the account page
// shows.
const tooManyPasswords = "Too many wrong passwords. Wait 15 minutes, then try again."
