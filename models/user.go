package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/uptrace/bun"
)

// User is an account; tasks and sessions belong to it.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID           int64  `bun:"id,pk,autoincrement"`
	Username     string `bun:"username,notnull"`
	PasswordHash string `bun:"password_hash,notnull"`
	Timezone     string `bun:"timezone,notnull"`
	// QuickAddParse is whether quick add reads dates, priorities, lists
	// and labels in what is typed (ParseQuickAdd); on by default.
	QuickAddParse bool `bun:"quick_add_parse,notnull,default:true"`
	// SessionEpoch goes up each time the password changes; a session
	// started under an older epoch is never stored.
	SessionEpoch int64     `bun:"session_epoch,notnull"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
	UpdatedAt    time.Time `bun:"updated_at,notnull"`
}

//go:generate go run gen_timezones.go

// LoadLocation returns the named IANA time zone, or UTC if the name is
// empty or unknown.
func LoadLocation(name string) *time.Location {
	if name == "" || name == "Local" || len(name) > 64 {
		return time.UTC
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// HashParams are the argon2id parameters Docket hashes passwords with:
// OWASP's recommended minimum (19 MiB, 2 passes), which keeps a burst of
// log-ins within a small machine's memory. It is a function so that no
// caller can weaken the cost for everyone by assigning to it.
func HashParams() argon2id.Params {
	return argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// dummyHash is checked against when the username is unknown, so a failed
// log-in takes the same time whether or not the user exists.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$hT2SC+SwdkvbqNY7d0wLgQ$epDM0R4mBUGbuB6+r5kMvSKrJh4d7wpIpvA68kHZDc8"

// Passwords hashes and checks passwords at one argon2id cost. The zero
// value uses HashParams, so only code that asks for another cost with
// NewPasswords (tests, which hash thousands of passwords) gets one.
type Passwords struct {
	params *argon2id.Params
	// dummy is a hash made with params, checked for unknown usernames.
	dummy string
}

// NewPasswords returns Passwords hashing with params. It hashes once, to
// make the hash that unknown usernames are checked against.
func NewPasswords(params argon2id.Params) (Passwords, error) {
	dummy, err := argon2id.CreateHash("dummy password", &params)
	if err != nil {
		return Passwords{}, fmt.Errorf("models: hash dummy password: %w", err)
	}
	return Passwords{params: &params, dummy: dummy}, nil
}

// Params returns the argon2id parameters new hashes are made with.
func (pw Passwords) Params() argon2id.Params {
	if pw.params == nil {
		return HashParams()
	}
	return *pw.params
}

func (pw Passwords) hash(password string) (string, error) {
	params := pw.Params()
	hash, err := argon2id.CreateHash(password, &params)
	if err != nil {
		return "", fmt.Errorf("models: hash password: %w", err)
	}
	return hash, nil
}

func (pw Passwords) dummyHash() string {
	if pw.params == nil {
		return dummyHash
	}
	return pw.dummy
}

// CreateUser stores a new user with a hash of password, and their Inbox.
// A taken username returns ErrConflict.
func CreateUser(ctx context.Context, db bun.IDB, pw Passwords, username, password, timezone string) (*User, error) {
	hash, err := pw.hash(password)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	u := &User{Username: username, PasswordHash: hash, Timezone: timezone, QuickAddParse: true, CreatedAt: now, UpdatedAt: now}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
			return err
		}
		return createInbox(ctx, tx, u.ID)
	})
	if isUniqueViolation(err) {
		return nil, ErrConflict
	} else if err != nil {
		return nil, fmt.Errorf("models: create user %q: %w", username, err)
	}
	return u, nil
}

// GetUserByUsername returns the user with that username, or ErrNotFound.
func GetUserByUsername(ctx context.Context, db bun.IDB, username string) (*User, error) {
	if hasNUL(username) { // no stored name has one, and SQL text cannot carry it
		return nil, ErrNotFound
	}
	u := new(User)
	err := db.NewSelect().Model(u).Where("u.username = ?", username).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get user %q: %w", username, err)
	}
	return u, nil
}

// ListUsers returns every user, oldest first.
func ListUsers(ctx context.Context, db bun.IDB) ([]User, error) {
	var users []User
	if err := db.NewSelect().Model(&users).Order("u.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return users, nil
}

// Authenticate checks a username and password. An unknown user and a wrong
// password both return ErrInvalidCredentials after the same amount of work.
// A hash made with weaker parameters than pw's is upgraded in place.
func Authenticate(ctx context.Context, read, write bun.IDB, pw Passwords, username, password string) (*User, error) {
	u, err := GetUserByUsername(ctx, read, username)
	if errors.Is(err, ErrNotFound) {
		_, _ = argon2id.ComparePasswordAndHash(password, pw.dummyHash())
		return nil, ErrInvalidCredentials
	} else if err != nil {
		return nil, err
	}
	ok, params, err := argon2id.CheckHash(password, u.PasswordHash)
	if err != nil {
		return nil, fmt.Errorf("models: check password of user %d: %w", u.ID, err)
	}
	if !ok {
		return nil, ErrInvalidCredentials
	}
	if want := pw.Params(); params.Memory < want.Memory || params.Iterations < want.Iterations {
		if err := rehashPassword(ctx, write, pw, u, password); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// rehashPassword stores a stronger hash of the same password, unless the
// password changed since u was read: then the change stands. The epoch
// stays, as the password is the same.
func rehashPassword(ctx context.Context, db bun.IDB, pw Passwords, u *User, password string) error {
	hash, err := pw.hash(password)
	if err != nil {
		return err
	}
	_, err = db.NewUpdate().Model((*User)(nil)).
		Set("password_hash = ?", hash).
		Where("id = ? AND password_hash = ?", u.ID, u.PasswordHash).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: rehash password of user %d: %w", u.ID, err)
	}
	return nil
}

// SetPassword replaces the user's password hash and moves the user to a
// new session epoch, which it returns: a log-in with the old password that
// is still in flight can no longer store a session. Ending the sessions
// already stored is DeleteUserSessions' work.
func SetPassword(ctx context.Context, db bun.IDB, pw Passwords, userID int64, password string) (epoch int64, err error) {
	hash, err := pw.hash(password)
	if err != nil {
		return 0, err
	}
	err = db.NewUpdate().Model((*User)(nil)).
		Set("password_hash = ?", hash).
		Set("updated_at = ?", time.Now().UTC()).
		Set("session_epoch = session_epoch + 1").
		Where("id = ?", userID).
		Returning("session_epoch").
		Scan(ctx, &epoch)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	} else if err != nil {
		return 0, fmt.Errorf("models: set password of user %d: %w", userID, err)
	}
	return epoch, nil
}

// SetTimezone changes the user's time zone; tz must be a valid IANA name.
func SetTimezone(ctx context.Context, db bun.IDB, userID int64, tz string) error {
	return setUserSetting(ctx, db, userID, "timezone", tz)
}

// SetQuickAddParse turns the reading of dates, priorities, lists and
// labels in the user's quick add on or off.
func SetQuickAddParse(ctx context.Context, db bun.IDB, userID int64, on bool) error {
	return setUserSetting(ctx, db, userID, "quick_add_parse", on)
}

// setUserSetting sets one column of the user's row, a setting of theirs.
func setUserSetting(ctx context.Context, db bun.IDB, userID int64, column string, v any) error {
	res, err := db.NewUpdate().Model((*User)(nil)).
		Set("? = ?", bun.Ident(column), v).
		Set("updated_at = ?", time.Now().UTC()).
		Where("id = ?", userID).Exec(ctx)
	return checkAffected(res, err, "set "+column+" of user %d", userID)
}

// DeleteUser deletes the user; their tasks and sessions go with them.
func DeleteUser(ctx context.Context, db bun.IDB, userID int64) error {
	res, err := db.NewDelete().Model((*User)(nil)).Where("id = ?", userID).Exec(ctx)
	return checkAffected(res, err, "delete user %d", userID)
}

// checkAffected maps a write that touched no row to ErrNotFound and wraps
// any other error with what was being done.
func checkAffected(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return fmt.Errorf("models: "+format+": %w", append(args, err)...)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("models: "+format+": %w", append(args, err)...)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}
