package handlers

import "testing"

func TestVersionURLs(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{"check.svg": nil, "icons/star.svg": nil}
	tests := []struct{ in, want string }{
		{`url("check.svg")`, `url("check.svg?v=V")`},
		{`url('check.svg')`, `url('check.svg?v=V')`},
		{`url(check.svg)`, `url(check.svg?v=V)`},
		{`url( "check.svg" )`, `url("check.svg?v=V")`},
		{`url("icons/star.svg")`, `url("icons/star.svg?v=V")`},
		{`url("/assets/check.svg")`, `url("/assets/check.svg?v=V")`},
		{`url("/check.svg")`, `url("/check.svg")`},           // not where assets are served
		{`url("missing.svg")`, `url("missing.svg")`},         // not an asset
		{`url("check.svg?v=old")`, `url("check.svg?v=old")`}, // already has a query
		{`url("check.svg#a")`, `url("check.svg#a")`},
		{`url("data:image/svg+xml,x")`, `url("data:image/svg+xml,x")`},
		{`url("check.svg')`, `url("check.svg')`}, // mismatched quotes
	}
	for _, tt := range tests {
		if got := string(versionURLs([]byte(tt.in), ".", files, "V")); got != tt.want {
			t.Errorf("versionURLs(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
