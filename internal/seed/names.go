package seed

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Name lists for realistic people: 120 first names × 100 last names, so a million
// accounts repeat names the way a large company does, and emails take a number
// (ada.berg, ada.berg2, ...) as mail systems do.
var firstNames = strings.Fields(`Ada Alan Amara Amir Ana Andrei Anika Arjun Astrid Aziz Barbara Bea Ben Bianca Brian
Camille Carlos Carmen Chen Chiara Chloe Dana Daniel Dario Dmitri Elena Eli Emeka Emma Erik Esra Farah Fatima Felix
Finn Freya Gabriel Grace Hana Hannah Hiro Ines Ingrid Isaac Ivan Jamal Jana Javier Jia Joao Jonas Julia Kai Kamal
Karin Kenji Kofi Lara Laura Leila Leon Liam Lina Luca Lucia Maya Malik Marco Mateo Mei Mia Mohamed Nadia Naomi Nikos
Noah Nora Olga Omar Oscar Paula Pablo Pedro Priya Quinn Rafael Ravi Rosa Ruth Sam Sara Sebastian Selin Sofia Sven
Tara Teo Thea Tomas Uma Valentina Victor Vikram Wen Wei Xavier Yara Yasmin Yuki Yusuf Zane Zara Zoe Aiko Bruno Clara`)

var lastNames = strings.Fields(`Abara Adeyemi Alvarez Andersen Bauer Berg Bianchi Brown Castillo Chen Costa Dubois
Dumont Eriksen Evans Fischer Fontaine Garcia Gomez Haddad Hansen Hoffmann Horvat Ivanova Jensen Jovanovic Kaur
Kim Klein Kowalski Kumar Larsen Lee Lopez Marino Martin Meyer Moreau Muller Murphy Nakamura Nguyen Novak Okafor
Olsen Ortiz Park Patel Petrov Popescu Quispe Ramos Reyes Ricci Rossi Santos Sato Schmidt Schneider Silva Singh
Smith Suzuki Takahashi Tanaka Taylor Torres Ueda Varga Vasquez Wagner Walker Wang Weber Williams Wilson Wright Xu
Yamamoto Yilmaz Young Zhang Zhou Ahmed Ali Bakker Coleman Dimitrov Edwards Fernandez Ghosh Hughes Ito Jimenez Khan
Lindqvist Mendes Nowak`)

var jobTitles = strings.Fields(`Engineer Designer Analyst Manager Accountant Recruiter Support-specialist Researcher
Product-manager Sales-lead Architect Writer Consultant Administrator`)

var departments = strings.Fields(`Engineering Design Finance Marketing Sales Support Legal People Operations Research`)

var locations = []string{"Berlin, DE", "Austin, US", "Sydney, AU", "Lisbon, PT", "Toronto, CA", "Bangalore, IN",
	"Tokyo, JP", "Nairobi, KE", "São Paulo, BR", "Warsaw, PL"}

var timeZones = []string{"Europe/Berlin", "America/Chicago", "Australia/Sydney", "Europe/Lisbon", "America/Toronto",
	"Asia/Kolkata", "Asia/Tokyo", "Africa/Nairobi", "America/Sao_Paulo", "Europe/Warsaw"}

var browsers = []string{"Chrome on macOS", "Firefox on Linux", "Safari on iPhone", "Edge on Windows", "Chrome on Android"}

// freeMail are the domains of external users no organization manages; none is one
// the demo data uses, so a database with the demo can be seeded too.
var freeMail = []string{"outlook.test", "yahoo.test", "proton.test", "fastmail.test", "icloud.test"}

// partnerNames name the extra organizations; past the list they take a number.
var partnerNames = strings.Fields("Initech Umbrella Hooli Vandelay Tyrell Cyberdyne Soylent Wonka Stark Wayne")

// people draws names and makes each email unique within its domain.
type people struct {
	rnd  *rand.Rand
	used map[string]int
}

func newPeople(rnd *rand.Rand) *people { return &people{rnd: rnd, used: map[string]int{}} }

// next returns a full name and an email address on domainName for it.
func (p *people) next(domainName string) (name, email string) {
	first := firstNames[p.rnd.IntN(len(firstNames))]
	last := lastNames[p.rnd.IntN(len(lastNames))]
	local := strings.ToLower(first + "." + last)
	k := local + "@" + domainName
	p.used[k]++
	if n := p.used[k]; n > 1 {
		local += strconv.Itoa(n)
	}
	return first + " " + last, local + "@" + domainName
}

// slug turns an organization name into a domain and site name part.
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
