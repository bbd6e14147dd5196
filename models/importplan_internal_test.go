package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// Lists made while an import was staging count too: starting to publish
// checks the room again, in the transaction that makes the lists.
func TestApplyChecksRoomAgain(t *testing.T) {
	t.Parallel()
	db := migratedInternalDB(t)
	ctx := t.Context()
	u := createInternalUser(t, db, "alice")
	_, plan, err := scanImport(strings.NewReader("title,list\na,New\n"), FormatCSV, u.ID, time.Now(), 0, func(importRow) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.room(ctx, db.Read, u.ID, FormatCSV); err != nil {
		t.Fatalf("room before the lists were made: %v", err)
	}
	err = db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range MaxLists - 1 {
			if err := CreateList(ctx, tx, &List{UserID: u.ID, Name: fmt.Sprintf("List %d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return plan.apply(ctx, tx, u.ID, FormatCSV) })
	if _, ok := errors.AsType[*ImportError](err); !ok {
		t.Fatalf("apply = %v, want an *ImportError", err)
	}
	if _, err := ListByName(ctx, db.Read, u.ID, "New"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused apply made the list: %v", err)
	}
}
