package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"docket/models"
)

const userUsage = `user list|create|passwd|delete [USERNAME] [flags]

  list             list every account
  create USERNAME  add an account; the password is asked for, or read from stdin
  passwd USERNAME  set a new password (for a forgotten one) and sign the user out everywhere
  delete USERNAME  delete the account and all its tasks`

func runUser(ctx context.Context, e Env, args []string) error {
	fset := flagSet(e, "user", userUsage)
	dbPath := dbFlag(fset, e)
	tz := fset.String("timezone", "UTC", "time `zone` of a new account, an IANA name such as Europe/Paris")
	yes := fset.Bool("yes", false, "delete without asking for confirmation")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fset.Usage()
		return errors.New("user: say list, create, passwd or delete")
	}
	action, pos := pos[0], pos[1:]
	if action == "list" {
		if len(pos) > 0 {
			return fmt.Errorf("user list: unexpected argument %q", pos[0])
		}
		return userList(ctx, e, *dbPath)
	}
	if len(pos) != 1 {
		fset.Usage()
		return fmt.Errorf("user %s: name one user", action)
	}
	username := models.NormalizeUsername(pos[0])
	switch action {
	case "create":
		return userCreate(ctx, e, *dbPath, username, *tz)
	case "passwd":
		return userPasswd(ctx, e, *dbPath, username)
	case "delete":
		return userDelete(ctx, e, *dbPath, username, *yes)
	}
	fset.Usage()
	return fmt.Errorf("user: unknown action %q; say list, create, passwd or delete", action)
}

func userList(ctx context.Context, e Env, dbPath string) error {
	db, err := openExisting(ctx, e, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	users, err := models.ListUsers(ctx, db.Read)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(e.Stdout, "No users yet. Add one with: docket user create USERNAME")
		return nil
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tUSERNAME\tTIME ZONE\tCREATED (UTC)")
	for _, u := range users {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", u.ID, u.Username, u.Timezone, u.CreatedAt.UTC().Format("2006-01-02 15:04"))
	}
	return w.Flush()
}

// newPassword reads a password and checks it against the sign-up rules.
func newPassword(e Env, prompt string) (string, error) {
	password, err := readPassword(e, prompt)
	if err != nil {
		return "", err
	}
	if err := models.ValidatePassword(password); err != nil {
		return "", err
	}
	return password, nil
}

func userCreate(ctx context.Context, e Env, dbPath, username, tz string) error {
	if err := models.ValidateUsername(username); err != nil {
		return fmt.Errorf("%q: %w", username, err)
	}
	if models.LoadLocation(tz).String() != tz {
		return fmt.Errorf("--timezone: %q is not a known time zone", tz)
	}
	password, err := newPassword(e, "Password for "+username)
	if err != nil {
		return err
	}
	// Creating the database is allowed here: the first account of a
	// server with registration closed is made before it first starts.
	db, err := openDB(ctx, e, dbPath, models.PoolConfig{}, discardLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := models.CreateUser(ctx, db.Write, models.Passwords{}, username, password, tz)
	if errors.Is(err, models.ErrConflict) {
		return fmt.Errorf("user %s already exists", username)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Created user %s (id %d).\n", u.Username, u.ID)
	return nil
}

func userPasswd(ctx context.Context, e Env, dbPath, username string) error {
	db, u, err := openForUser(ctx, e, dbPath, username)
	if err != nil {
		return err
	}
	defer db.Close()
	password, err := newPassword(e, "New password for "+username)
	if err != nil {
		return err
	}
	if _, err := models.SetPassword(ctx, db.Write, models.Passwords{}, u.ID, password); err != nil {
		return err
	}
	if err := models.DeleteUserSessions(ctx, db.Write, u.ID, ""); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Password of %s changed; they have been signed out everywhere.\n", u.Username)
	return nil
}

func userDelete(ctx context.Context, e Env, dbPath, username string, yes bool) error {
	db, u, err := openForUser(ctx, e, dbPath, username)
	if err != nil {
		return err
	}
	defer db.Close()
	if !yes {
		fmt.Fprintf(e.Stderr, "Delete user %s and all their tasks? This cannot be undone. [y/N] ", u.Username)
		answer, err := readLine(e.Stdin)
		if _, tty := terminal(e.Stdin); !tty { // a terminal has echoed the newline
			fmt.Fprintln(e.Stderr)
		}
		if err != nil || !strings.EqualFold(strings.TrimSpace(answer), "y") && !strings.EqualFold(strings.TrimSpace(answer), "yes") {
			return errors.New("user delete: not confirmed; nothing was deleted (use --yes in scripts)")
		}
	}
	if err := models.DeleteUser(ctx, db.Write, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Deleted user %s and their tasks.\n", u.Username)
	return nil
}
