package model

import "strings"

// upnLetters is the DfE's check-letter table: index 0 = A ... 22 = Z.
const upnLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// UPNCheckLetter computes the check letter (character 1) of a 13-character
// UPN from characters 2..13: each is multiplied by its position (2..13), a
// letter in position 13 counting as its index in the check-letter table; the
// sum mod 23 indexes the table. ok is false when the UPN's shape is wrong.
func UPNCheckLetter(upn string) (letter byte, ok bool) {
	if len(upn) != 13 {
		return 0, false
	}
	sum := 0
	for i := 1; i < 13; i++ {
		c := upn[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case i == 12 && strings.IndexByte(upnLetters, c) >= 0:
			v = strings.IndexByte(upnLetters, c)
		default:
			return 0, false
		}
		sum += v * (i + 1)
	}
	return upnLetters[sum%23], true
}

// ValidUPN reports whether upn has the right shape and check letter.
func ValidUPN(upn string) bool {
	l, ok := UPNCheckLetter(upn)
	return ok && upn[0] == l
}
