package handlers

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// hostPolicy decides which Host headers Docket answers. A web page on
// another site can point its own DNS name at this server (DNS rebinding);
// its requests then look same-origin to the browser, so only the Host
// header tells them apart.
type hostPolicy struct {
	// public is the lower-case host[:port] of the public URL, without a
	// default port; "" when no public URL is set.
	public string
	// scheme is the public URL's; its default port may be left out.
	scheme string
	// publicURL is shown to people who used another address.
	publicURL string
	// loopbackOnly accepts only loopback names when no public URL is set.
	loopbackOnly bool
}

func newHostPolicy(public *url.URL, loopbackOnly bool) hostPolicy {
	if public == nil {
		return hostPolicy{loopbackOnly: loopbackOnly}
	}
	return hostPolicy{
		public:    canonicalHost(public.Host, public.Scheme),
		scheme:    public.Scheme,
		publicURL: public.Scheme + "://" + public.Host + "/",
	}
}

// allows reports whether a request naming host is answered.
func (p hostPolicy) allows(host string) bool {
	switch {
	case p.public != "":
		return canonicalHost(host, p.scheme) == p.public
	case p.loopbackOnly:
		return isLoopbackName(host)
	}
	return true
}

// canonicalHost is host in lower case without the scheme's default port.
func canonicalHost(host, scheme string) string {
	host = strings.ToLower(host)
	if h, port, err := net.SplitHostPort(host); err == nil &&
		(port == "443" && scheme == "https" || port == "80" && scheme == "http") {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// isLoopbackName reports whether host, with any port, is localhost or a
// loopback address (127.0.0.0/8, [::1]).
func isLoopbackName(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkHost refuses requests for a host Docket is not served at, with a
// page that says where it is.
func (h *Handler) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.hosts.allows(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		msg := "This Docket only answers at localhost or 127.0.0.1 on this machine."
		if h.hosts.publicURL != "" {
			msg = "Docket is not served at this address. Open " + h.hosts.publicURL + " instead."
		}
		h.fail(w, r, &httpError{status: http.StatusMisdirectedRequest, msg: msg})
	})
}
