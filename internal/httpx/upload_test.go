package httpx

import (
	"testing"
	"time"
)

func TestGuardWindow(t *testing.T) {
	now := time.Unix(1000, 0)
	g := NewGuard("tok")
	g.now = func() time.Time { return now }
	for range MaxGuesses - 1 {
		g.wrong("a")
	}
	if g.blocked("a") != 0 {
		t.Fatal("blocked before the limit")
	}
	g.wrong("a")
	if g.blocked("a") == 0 || g.blocked("b") != 0 {
		t.Fatal("the limit does not hold, or holds for another address")
	}
	now = now.Add(guessWindow)
	if g.blocked("a") != 0 {
		t.Fatal("still blocked after the window")
	}
}
