//! The demo's cast and script: organisations, partnerships and what happens to them. Every
//! person and organisation here is invented.

/// How a partnership's people tend to behave: the chance a scheduled check-in is skipped, and
/// the share of commitments kept on time, kept late and missed (the rest are renegotiated
/// before their due date or cancelled by agreement).
#[derive(Clone, Copy)]
pub struct Behaviour {
    pub skip: u64,
    pub kept: u64,
    pub late: u64,
    pub missed: u64,
}

pub const STRONG: Behaviour = Behaviour { skip: 5, kept: 86, late: 8, missed: 1 };
pub const STEADY: Behaviour = Behaviour { skip: 10, kept: 74, late: 13, missed: 5 };
pub const STRUGGLING: Behaviour = Behaviour { skip: 18, kept: 52, late: 18, missed: 20 };

pub struct OrgSpec {
    pub name: &'static str,
    pub kind: &'static str,
    pub mission: &'static str,
    pub focus: &'static [&'static str],
    pub website: &'static str,
    /// Name, role, days since last contact, follow-up interval in days.
    pub contact: (&'static str, &'static str, i64, i32),
}

const fn org(
    name: &'static str,
    kind: &'static str,
    mission: &'static str,
    focus: &'static [&'static str],
    website: &'static str,
    contact: (&'static str, &'static str, i64, i32),
) -> OrgSpec {
    OrgSpec { name, kind, mission, focus, website, contact }
}

pub const ORGANIZATIONS: &[OrgSpec] = &[
    /* 0 */
    org(
        "Riverside Elementary School",
        "school",
        "Every child reading, counting and belonging by the end of fifth grade.",
        &["literacy", "family engagement", "attendance"],
        "https://riverside-elementary.example.org",
        ("Maria Lopez", "Family engagement lead", 12, 30),
    ),
    /* 1 */
    org(
        "Northgate Middle School",
        "school",
        "A safe, demanding middle school where every student has an adult who knows them.",
        &["STEM", "mentoring", "transitions"],
        "https://northgate-ms.example.org",
        ("James Okafor", "Assistant principal", 40, 30),
    ),
    /* 2 */
    org(
        "Harbor View High School",
        "school",
        "Graduates ready for college, a career and their community.",
        &["career pathways", "college access", "health"],
        "https://harborview-hs.example.org",
        ("Renee Castillo", "Counselling lead", 21, 30),
    ),
    /* 3 */
    org(
        "Maple Street Elementary School",
        "school",
        "A neighbourhood school where no child learns on an empty stomach.",
        &["food security", "attendance", "family engagement"],
        "https://maplestreet.example.org",
        ("Owen Gallagher", "Principal", 9, 14),
    ),
    /* 4 */
    org(
        "Eastside Elementary School",
        "school",
        "Joyful learning in the arts, sciences and the outdoors.",
        &["arts", "health", "safe routes"],
        "https://eastside-elementary.example.org",
        ("Hannah Kowalczyk", "Community schools coordinator", 6, 30),
    ),
    /* 5 */
    org(
        "Lakeshore Middle School",
        "school",
        "Curious readers and confident mathematicians.",
        &["literacy", "math", "science"],
        "https://lakeshore-ms.example.org",
        ("Victor Amadi", "Instructional coach", 33, 30),
    ),
    /* 6 */
    org(
        "Cedar Grove Early Learning Center",
        "school",
        "A strong start for every child from age three.",
        &["early learning", "family engagement", "outdoor learning"],
        "https://cedargrove-elc.example.org",
        ("Ingrid Solberg", "Director", 18, 30),
    ),
    /* 7 */
    org(
        "Westbrook Community High School",
        "school",
        "A small high school that makes things, fixes things and goes to college.",
        &["maker education", "college access", "health"],
        "https://westbrook-chs.example.org",
        ("Terrence Boyd", "Dean of students", 27, 30),
    ),
    /* 8 */
    org(
        "Riverside Unified District Office",
        "district",
        "Supporting schools to partner with their communities.",
        &["teacher pipeline", "community schools", "data"],
        "https://riverside-unified.example.org",
        ("Dana Whitfield", "Community schools director", 20, 30),
    ),
    /* 9 */
    org(
        "Harbor Food Bank",
        "nonprofit",
        "No family in the harbor district goes hungry.",
        &["food security", "family engagement"],
        "https://harborfoodbank.example.org",
        ("Alicia Moreno", "School programs manager", 95, 30),
    ),
    /* 10 */
    org(
        "Riverside Youth Mentoring Alliance",
        "nonprofit",
        "A caring adult for every young person who wants one.",
        &["mentoring", "transitions"],
        "https://ryma.example.org",
        ("Kwame Mensah", "Program director", 15, 30),
    ),
    /* 11 */
    org(
        "Green Roots Garden Collective",
        "nonprofit",
        "Growing food, science and friendships in school gardens.",
        &["outdoor learning", "food security", "science"],
        "https://greenroots.example.org",
        ("Lena Fischer", "Garden educator", 44, 60),
    ),
    /* 12 */
    org(
        "Open Door Family Resource Center",
        "nonprofit",
        "One open door for families looking for help, advice or company.",
        &["family engagement", "early learning", "newcomers"],
        "https://opendoor-frc.example.org",
        ("Rosalind Achebe", "Executive director", 8, 30),
    ),
    /* 13 */
    org(
        "Eastside Arts Collaborative",
        "nonprofit",
        "Art made by and with the young people of Eastside.",
        &["arts", "after school"],
        "https://eastside-arts.example.org",
        ("Mateo Ruiz", "Teaching artist lead", 52, 30),
    ),
    /* 14 */
    org(
        "Lakeshore Literacy Volunteers",
        "nonprofit",
        "Volunteers who read with children, one at a time.",
        &["literacy", "volunteering"],
        "https://lakeshore-literacy.example.org",
        ("Patricia Lindqvist", "Volunteer coordinator", 19, 30),
    ),
    /* 15 */
    org(
        "Harbor Museum of Science",
        "nonprofit",
        "Science you can touch, for every school in the region.",
        &["science", "STEM", "field trips"],
        "https://harbor-science.example.org",
        ("Dr. Felix Navarro", "Education director", 120, 60),
    ),
    /* 16 */
    org(
        "State University College of Education",
        "higher_education",
        "Preparing teachers who stay, grow and lead in our region's schools.",
        &["teacher pipeline", "research", "mentoring"],
        "https://education.stateu.example.edu",
        ("Dr. Priya Raman", "Director of clinical practice", 30, 30),
    ),
    /* 17 */
    org(
        "Riverside Community College",
        "higher_education",
        "Open doors to degrees, trades and a second chance.",
        &["college access", "career pathways", "dual enrolment"],
        "https://riverside-cc.example.edu",
        ("Gloria Estrada", "Dual enrolment manager", 25, 30),
    ),
    /* 18 */
    org(
        "Brightside Tech",
        "business",
        "Software for small clinics; volunteering in local STEM education.",
        &["STEM", "mentoring"],
        "https://brightside-tech.example.com",
        ("Grace Ito", "Community lead", 60, 30),
    ),
    /* 19 */
    org(
        "Harbor Credit Union",
        "business",
        "Banking that keeps the harbor's money working for the harbor.",
        &["financial literacy", "career pathways"],
        "https://harborcu.example.com",
        ("Desmond Clarke", "Community relations officer", 35, 60),
    ),
    /* 20 */
    org(
        "Northgate Hardware & Supply",
        "business",
        "Tools, timber and advice since the seventies.",
        &["maker education", "in-kind support"],
        "https://northgate-hardware.example.com",
        ("Walt Jablonski", "Owner", 200, 90),
    ),
    /* 21 */
    org(
        "Lakeshore Family Clinic",
        "business",
        "Primary care for the whole family, close to home.",
        &["health", "family engagement"],
        "https://lakeshore-clinic.example.com",
        ("Dr. Amara Nwosu", "Medical director", 48, 60),
    ),
    /* 22 */
    org(
        "Greenline Bus Company",
        "business",
        "Getting people where they need to be, safely and on time.",
        &["safe routes", "attendance"],
        "https://greenline-bus.example.com",
        ("Frank Moretti", "Operations manager", 70, 60),
    ),
    /* 23 */
    org(
        "Eastside Public Library",
        "library",
        "Free access to books, learning and each other.",
        &["literacy", "family engagement", "digital skills"],
        "https://eastside-library.example.org",
        ("Sam Chen", "Youth services librarian", 8, 30),
    ),
    /* 24 */
    org(
        "Riverside Central Library",
        "library",
        "The city's living room, open to everyone.",
        &["literacy", "summer learning", "digital skills"],
        "https://riverside-library.example.org",
        ("Yusuf Demir", "Children's librarian", 38, 30),
    ),
    /* 25 */
    org(
        "Riverside Parents Circle",
        "family_group",
        "Parents helping parents take part in their children's schooling.",
        &["family engagement", "attendance"],
        "https://parentscircle.example.org",
        ("Tomasz Nowak", "Chair", 15, 30),
    ),
    /* 26 */
    org(
        "Northgate Parent-Teacher Association",
        "family_group",
        "Families and teachers of Northgate, working together.",
        &["family engagement", "mentoring"],
        "https://northgate-pta.example.org",
        ("Keiko Tanaka", "President", 29, 30),
    ),
    /* 27 */
    org(
        "Harbor View Family Council",
        "family_group",
        "A voice for families in the harbor schools.",
        &["family engagement", "summer learning", "newcomers"],
        "https://hv-family-council.example.org",
        ("Amadou Diallo", "Co-chair", 41, 30),
    ),
    /* 28 */
    org(
        "Riverside Fathers Network",
        "family_group",
        "Dads, grandads and uncles showing up for kids.",
        &["family engagement", "sports", "mentoring"],
        "https://fathers-network.example.org",
        ("Marcus Reyes", "Organiser", 55, 30),
    ),
    /* 29 */
    org(
        "City of Riverside Parks and Recreation",
        "government",
        "Parks, pools and programmes for every neighbourhood.",
        &["outdoor learning", "sports", "safe routes"],
        "https://parks.riverside.example.gov",
        ("Bernadette Quinn", "Youth programmes supervisor", 32, 60),
    ),
    /* 30 */
    org(
        "County Public Health Department",
        "government",
        "Healthy people in healthy places.",
        &["health", "food security", "data"],
        "https://health.county.example.gov",
        ("Dr. Samuel Adeyemi", "School health nurse manager", 24, 30),
    ),
    /* 31 */
    org(
        "Riverside Workforce Development Board",
        "government",
        "Good jobs for local people, and local people for good jobs.",
        &["career pathways", "financial literacy"],
        "https://workforce.riverside.example.gov",
        ("Carmen Villalobos", "Youth employment lead", 37, 30),
    ),
    /* 32 */
    org(
        "City Youth Services Office",
        "government",
        "Safe, supervised and fun places for young people after school.",
        &["after school", "sports", "mentoring"],
        "https://youth.riverside.example.gov",
        ("Nathan Pryce", "Program manager", 64, 30),
    ),
    /* 33 */
    org(
        "Grace Fellowship Church",
        "faith",
        "Loving our neighbours in practical ways.",
        &["family engagement", "food security", "volunteering"],
        "https://gracefellowship.example.org",
        ("Pastor Ruth Abernathy", "Outreach pastor", 28, 30),
    ),
    /* 34 */
    org(
        "Riverside Interfaith Council",
        "faith",
        "People of many faiths serving one city together.",
        &["family engagement", "newcomers", "volunteering"],
        "https://interfaith-riverside.example.org",
        ("Rev. Daniel Okonkwo", "Convener", 17, 30),
    ),
    /* 35 */
    org(
        "Eastside Mosque Community Center",
        "faith",
        "A place of prayer, learning and welcome on the east side.",
        &["after school", "newcomers", "arts"],
        "https://eastside-mcc.example.org",
        ("Imam Tariq Haddad", "Youth coordinator", 58, 30),
    ),
    /* 36 */
    org(
        "Riverside Youth Soccer League",
        "other",
        "Every child who wants to play gets a team.",
        &["sports", "mentoring"],
        "https://rysl.example.org",
        ("Coach Elena Petrova", "League director", 46, 60),
    ),
    /* 37 */
    org(
        "Lakeshore Neighbors Association",
        "other",
        "Neighbours looking out for one another and for the lake.",
        &["safe routes", "volunteering"],
        "https://lakeshore-neighbors.example.org",
        ("Harold Finch-Baker", "Secretary", 85, 60),
    ),
    /* 38 */
    org(
        "Westbrook Makerspace",
        "nonprofit",
        "Tools, skills and space to build almost anything.",
        &["maker education", "STEM"],
        "https://westbrook-makers.example.org",
        ("Priscilla Oyelaran", "Shop manager", 150, 60),
    ),
    /* 39 */
    org(
        "Harbor Chamber of Commerce",
        "business",
        "Local business, local prosperity.",
        &["career pathways", "financial literacy"],
        "https://harbor-chamber.example.com",
        ("Gordon Ashby", "Membership director", 130, 60),
    ),
];

/// What the work is about; picks the action items a partnership's check-ins produce.
#[derive(Clone, Copy)]
pub enum Theme {
    Literacy,
    Food,
    Teachers,
    Transition,
    Stem,
    Careers,
    Health,
    Arts,
    Outdoors,
    Mentoring,
    Families,
    Leadership,
}

pub fn actions(theme: Theme) -> &'static [&'static str] {
    match theme {
        Theme::Literacy => &[
            "Send the reading flyer home in three languages",
            "Book the hall for the next reading event",
            "Prepare take-home book bags",
            "Recruit two volunteers for the welcome desk",
            "Share reading-level data with the partnership",
            "Arrange a bilingual storyteller",
        ],
        Theme::Food => &[
            "Deliver Friday backpacks to the front office",
            "Update the list of enrolled families",
            "Confirm volunteer packers for Thursday",
            "Report backpacks distributed this month",
            "Check the cold storage temperature log",
        ],
        Theme::Teachers => &[
            "Match residents with mentor teachers",
            "Send the mentor stipend schedule",
            "Observe each resident's lesson and give feedback",
            "Share the hiring calendar with residents",
            "Collect the mid-year resident survey",
        ],
        Theme::Transition => &[
            "Schedule the visit day",
            "Share transition profiles of incoming students",
            "Pair each incoming student with a buddy",
            "Send families the welcome pack",
        ],
        Theme::Stem => &[
            "Draft the volunteer background-check process",
            "Propose three project ideas",
            "Order the robotics kits",
            "Book the lab for the build sessions",
            "Write up what students built for the newsletter",
        ],
        Theme::Careers => &[
            "Line up five employers for the career fair",
            "Share the internship placement list",
            "Run the mock interview afternoon",
            "Send the dual-enrolment application dates",
            "Report how many students completed placements",
        ],
        Theme::Health => &[
            "Schedule the screening day",
            "Send consent forms home",
            "Share anonymised screening numbers",
            "Train staff on the referral process",
            "Restock the health corner",
        ],
        Theme::Arts => &[
            "Confirm the teaching artists for next term",
            "Order paint and clay",
            "Book the gallery night venue",
            "Share photos of student work with families",
        ],
        Theme::Outdoors => &[
            "Plan the planting calendar",
            "Fix the garden irrigation",
            "Run the harvest lesson with second grade",
            "Share the garden rota with families",
            "Map the safest walking routes",
        ],
        Theme::Mentoring => &[
            "Match new mentors with students",
            "Run the mentor training evening",
            "Collect mentor session logs",
            "Send families an update on matches",
            "Plan the end-of-year celebration",
        ],
        Theme::Families => &[
            "Translate the newsletter",
            "Host the family coffee morning",
            "Call families who missed the last event",
            "Share the resource directory",
            "Arrange childcare for the evening meeting",
        ],
        Theme::Leadership => &[
            "Draft the shared data agreement",
            "Prepare the principals' agenda",
            "Share the attendance dashboard",
            "Write the joint funding letter",
            "Circulate notes from the site visit",
        ],
    }
}

/// What becomes of a milestone.
#[derive(Clone, Copy, PartialEq)]
pub enum MilestoneFate {
    OnTime,
    Late,
    /// Not met by its due date, and still not met.
    Slipped,
    /// Met ten days ago and nobody has said thank you yet: a win to celebrate.
    RecentWin,
}

pub struct GoalSpec {
    pub statement: &'static str,
    pub metric: &'static str,
    pub unit: &'static str,
    pub baseline: f64,
    pub target: f64,
    /// Due this many days from today (negative: in the past).
    pub due_days: i64,
    /// The share of the way to its target it has come by today.
    pub reach: f64,
    /// The confidence of its latest updates, when it is worrying.
    pub worry: Option<&'static str>,
    pub milestones: &'static [(&'static str, MilestoneFate)],
}

pub struct PartnershipSpec {
    pub name: &'static str,
    pub kind: &'static str,
    pub cadence: &'static str,
    pub vision: &'static str,
    /// Days after it began, and the vision partners rewrote together then.
    pub revised_vision: Option<(i64, &'static str)>,
    /// Its life: how many days ago it entered each status, the first one when it began.
    pub stages: &'static [(i64, &'static str)],
    /// Indexes into ORGANIZATIONS with each member's role.
    pub members: &'static [(usize, &'static str)],
    pub behaviour: Behaviour,
    pub theme: Theme,
    /// Mean perceived trust (1–4) its members give each other in each survey wave.
    pub trust: [f64; 3],
    pub goal: GoalSpec,
    /// Check-ins stopped a while ago: the cadence is slipping.
    pub stalled: bool,
    /// Its last member stopped coming to check-ins.
    pub quiet_member: bool,
    /// Its first member records almost every contribution.
    pub one_sided: bool,
}

const BASE: PartnershipSpec = PartnershipSpec {
    name: "",
    kind: "school_community",
    cadence: "monthly",
    vision: "",
    revised_vision: None,
    stages: &[(400, "active")],
    members: &[],
    behaviour: STEADY,
    theme: Theme::Families,
    trust: [3.0, 3.1, 3.1],
    goal: GoalSpec {
        statement: "",
        metric: "",
        unit: "",
        baseline: 0.0,
        target: 1.0,
        due_days: 120,
        reach: 0.8,
        worry: None,
        milestones: &[],
    },
    stalled: false,
    quiet_member: false,
    one_sided: false,
};

use MilestoneFate::*;

pub const PARTNERSHIPS: &[PartnershipSpec] = &[
    PartnershipSpec {
        name: "Family Reading Nights",
        cadence: "fortnightly",
        vision: "Families and school read together: every Riverside family knows the library and feels welcome at school.",
        revised_vision: Some((
            200,
            "Families, school and library read together: every Riverside family holds a library card, comes to a reading night each term and feels welcome at school.",
        )),
        stages: &[(530, "active")],
        members: &[(0, "Lead school"), (23, "Venue and books"), (25, "Family outreach")],
        behaviour: STRONG,
        theme: Theme::Literacy,
        trust: [3.2, 3.4, 3.5],
        goal: GoalSpec {
            statement: "Raise the share of families attending at least one reading night",
            metric: "families attending",
            unit: "%",
            baseline: 18.0,
            target: 45.0,
            due_days: 150,
            reach: 0.85,
            worry: None,
            milestones: &[
                ("First reading night held", OnTime),
                ("Library card sign-up drive", OnTime),
                ("Spring reading celebration", Late),
                ("Bilingual reading series", OnTime),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Teacher Residency Pipeline",
        kind: "higher_ed_k12",
        vision: "Residents learn to teach beside our best teachers and choose to stay in Riverside schools.",
        stages: &[(540, "forming"), (500, "active")],
        members: &[(16, "Residency provider"), (1, "Host school"), (8, "Funding and hiring")],
        theme: Theme::Teachers,
        trust: [3.0, 3.2, 3.2],
        goal: GoalSpec {
            statement: "Keep residents in district schools after their first year",
            metric: "residents hired",
            unit: "residents",
            baseline: 0.0,
            target: 12.0,
            due_days: 200,
            reach: 0.7,
            worry: None,
            milestones: &[
                ("Residents placed with mentors", OnTime),
                ("Mid-year review", OnTime),
                ("First hiring fair", Late),
                ("Second cohort recruited", OnTime),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Weekend Food Backpacks",
        cadence: "weekly",
        vision: "No Maple Street student starts Monday hungry.",
        stages: &[(500, "active")],
        members: &[(9, "Food supplier"), (3, "Distribution at school")],
        behaviour: STRUGGLING,
        theme: Theme::Food,
        trust: [3.3, 3.2, 2.1],
        goal: GoalSpec {
            statement: "Reach every family that asked for weekend food",
            metric: "families served",
            unit: "families",
            baseline: 40.0,
            target: 120.0,
            due_days: 25,
            reach: 0.45,
            worry: Some("off_track"),
            milestones: &[
                ("Cold storage installed", Late),
                ("Winter break boxes delivered", OnTime),
                ("Second delivery van in service", Slipped),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Middle School Transition",
        kind: "inter_school",
        cadence: "quarterly",
        vision: "Fifth graders arrive at Northgate already knowing the building and one adult.",
        stages: &[(520, "active"), (40, "renewing")],
        members: &[(0, "Sending school"), (1, "Receiving school")],
        behaviour: STRONG,
        theme: Theme::Transition,
        trust: [3.3, 3.4, 3.4],
        goal: GoalSpec {
            statement: "Every fifth grader visits Northgate before summer",
            metric: "students visiting",
            unit: "%",
            baseline: 0.0,
            target: 100.0,
            due_days: 180,
            reach: 0.75,
            worry: None,
            milestones: &[
                ("Visit day held", OnTime),
                ("Buddy pairs assigned", OnTime),
                ("Transition evening for families held", RecentWin),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "STEM Mentors",
        vision: "Working engineers meet Northgate students every month to build things together.",
        stages: &[(45, "exploring")],
        members: &[(1, "Host school"), (18, "Volunteer mentors")],
        theme: Theme::Stem,
        goal: GoalSpec {
            statement: "Run a four-session robotics pilot",
            metric: "sessions held",
            unit: "sessions",
            baseline: 0.0,
            target: 4.0,
            due_days: 120,
            reach: 0.4,
            worry: None,
            milestones: &[("Mentors cleared to volunteer", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Harbor View Career Pathways",
        vision: "Every Harbor View student leaves with work experience, a plan and someone to call.",
        stages: &[(480, "active")],
        members: &[(2, "Host school"), (31, "Placements"), (19, "Employer partner"), (17, "Dual enrolment")],
        theme: Theme::Careers,
        trust: [2.9, 3.0, 3.1],
        goal: GoalSpec {
            statement: "Place juniors in paid summer internships",
            metric: "students placed",
            unit: "students",
            baseline: 10.0,
            target: 60.0,
            due_days: 210,
            reach: 0.6,
            worry: None,
            milestones: &[
                ("Employer roster signed", OnTime),
                ("First summer cohort placed", Late),
                ("Mock interview day", OnTime),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Community Health Corner",
        cadence: "fortnightly",
        vision: "Eastside children get seen, screened and referred without missing school.",
        stages: &[(450, "active")],
        members: &[(4, "Host school"), (30, "Screenings"), (21, "Clinical referrals")],
        theme: Theme::Health,
        trust: [3.0, 3.1, 3.0],
        goal: GoalSpec {
            statement: "Screen every student for vision and hearing",
            metric: "students screened",
            unit: "%",
            baseline: 20.0,
            target: 100.0,
            due_days: 160,
            reach: 0.7,
            worry: None,
            milestones: &[("Health corner opened", OnTime), ("Referral pathway agreed", Late), ("Dental day", OnTime)],
        },
        stalled: true,
        ..BASE
    },
    PartnershipSpec {
        name: "Eastside Arts After School",
        cadence: "fortnightly",
        vision: "Every Eastside child can make art after school, close to home, for free.",
        stages: &[(420, "active")],
        members: &[(4, "Host school"), (13, "Teaching artists"), (35, "Second site")],
        theme: Theme::Arts,
        trust: [3.1, 3.0, 3.0],
        goal: GoalSpec {
            statement: "Enrol 80 children in weekly art clubs",
            metric: "children enrolled",
            unit: "children",
            baseline: 15.0,
            target: 80.0,
            due_days: 140,
            reach: 0.75,
            worry: None,
            milestones: &[
                ("Autumn clubs launched", OnTime),
                ("Winter gallery night", OnTime),
                ("Second site opened", Late),
            ],
        },
        quiet_member: true,
        ..BASE
    },
    PartnershipSpec {
        name: "Garden Classrooms",
        vision: "Young children learn science, food and patience in a garden they tend themselves.",
        stages: &[(400, "active")],
        members: &[(6, "Host centre"), (11, "Garden educators"), (29, "Land and water")],
        behaviour: STRONG,
        theme: Theme::Outdoors,
        trust: [3.2, 3.3, 3.4],
        goal: GoalSpec {
            statement: "Give every class a weekly garden lesson",
            metric: "classes gardening weekly",
            unit: "classes",
            baseline: 0.0,
            target: 12.0,
            due_days: 100,
            reach: 0.85,
            worry: None,
            milestones: &[("Raised beds built", OnTime), ("First harvest", OnTime), ("Family planting day", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "College Bridge",
        kind: "higher_ed_k12",
        vision: "Westbrook and Harbor View students earn college credit before they graduate.",
        stages: &[(510, "active")],
        members: &[(17, "College"), (7, "High school"), (2, "High school")],
        theme: Theme::Careers,
        trust: [3.0, 3.1, 3.2],
        goal: GoalSpec {
            statement: "Students completing a dual-enrolment course",
            metric: "students with credit",
            unit: "students",
            baseline: 12.0,
            target: 70.0,
            due_days: 190,
            reach: 0.7,
            worry: None,
            milestones: &[
                ("Course catalogue agreed", OnTime),
                ("First cohort enrolled", OnTime),
                ("Credit transfer confirmed", Late),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Literacy Tutors Corps",
        cadence: "fortnightly",
        vision: "Every Lakeshore sixth grader reading below grade level has a tutor twice a week.",
        stages: &[(470, "active")],
        members: &[(5, "Host school"), (14, "Volunteer tutors"), (24, "Books and space")],
        theme: Theme::Literacy,
        trust: [3.1, 3.0, 2.9],
        goal: GoalSpec {
            statement: "Bring tutored students up to grade level in reading",
            metric: "students at grade level",
            unit: "%",
            baseline: 20.0,
            target: 70.0,
            due_days: 20,
            reach: 0.62,
            worry: Some("at_risk"),
            milestones: &[
                ("Tutors trained", OnTime),
                ("Mid-year reading check", Late),
                ("Spring reading check", Slipped),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Early Learning Alliance",
        kind: "other",
        vision: "Families of young children find every service they need through one door.",
        stages: &[(370, "forming"), (330, "active")],
        members: &[(12, "Backbone organisation"), (6, "Early learning"), (8, "District liaison"), (25, "Parent voice")],
        theme: Theme::Families,
        trust: [2.9, 3.0, 2.9],
        goal: GoalSpec {
            statement: "Connect families to early learning services",
            metric: "families connected",
            unit: "families",
            baseline: 0.0,
            target: 300.0,
            due_days: 180,
            reach: 0.6,
            worry: None,
            milestones: &[("Shared intake form live", OnTime), ("Resource fair", Late)],
        },
        one_sided: true,
        ..BASE
    },
    PartnershipSpec {
        name: "Elementary Principals' Learning Circle",
        kind: "inter_school",
        cadence: "quarterly",
        vision: "Principals learn from each other's schools and solve shared problems together.",
        stages: &[(490, "active")],
        members: &[(0, "Member school"), (4, "Member school"), (8, "Convener")],
        behaviour: STRONG,
        theme: Theme::Leadership,
        trust: [3.3, 3.3, 3.4],
        goal: GoalSpec {
            statement: "Cut chronic absence across member schools",
            metric: "chronically absent students",
            unit: "%",
            baseline: 18.0,
            target: 10.0,
            due_days: 220,
            reach: 0.6,
            worry: None,
            milestones: &[("Shared attendance dashboard", OnTime), ("Peer site visits", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Science Museum Field Lab",
        vision: "Lakeshore students do real science at the museum every term.",
        stages: &[(460, "active"), (80, "paused")],
        members: &[(5, "School"), (15, "Museum")],
        theme: Theme::Stem,
        trust: [3.0, 2.9, 2.9],
        goal: GoalSpec {
            statement: "Every seventh grader completes a museum lab",
            metric: "students completing labs",
            unit: "%",
            baseline: 0.0,
            target: 100.0,
            due_days: 60,
            reach: 0.5,
            worry: None,
            milestones: &[
                ("Lab curriculum written", OnTime),
                ("First lab term", OnTime),
                ("Transport funded", Slipped),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Youth Mentoring Matches",
        cadence: "fortnightly",
        vision: "Every Northgate student who asks for a mentor gets one within a month.",
        revised_vision: Some((
            260,
            "Every Northgate student who asks for a mentor gets one within a month, and families help choose and welcome the mentors.",
        )),
        stages: &[(525, "active")],
        members: &[(1, "Host school"), (10, "Mentor recruitment"), (26, "Family voice")],
        theme: Theme::Mentoring,
        trust: [3.1, 3.2, 3.3],
        goal: GoalSpec {
            statement: "Active mentor matches",
            metric: "matches",
            unit: "matches",
            baseline: 10.0,
            target: 60.0,
            due_days: 170,
            reach: 0.75,
            worry: None,
            milestones: &[("Mentor training evening", OnTime), ("Fifty matches", Late), ("Summer celebration", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Makerspace Fridays",
        cadence: "fortnightly",
        vision: "Westbrook students design and build real things with real tools every Friday.",
        stages: &[(545, "active"), (160, "ended")],
        members: &[(7, "School"), (38, "Workshop"), (20, "Materials")],
        theme: Theme::Stem,
        trust: [3.2, 3.1, 3.0],
        goal: GoalSpec {
            statement: "Students finishing a build project",
            metric: "projects finished",
            unit: "projects",
            baseline: 0.0,
            target: 40.0,
            due_days: -170,
            reach: 0.9,
            worry: None,
            milestones: &[("Safety training done", OnTime), ("Spring build showcase", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Safe Routes to School",
        kind: "other",
        vision: "Children walk and cycle to school safely in every Lakeshore and Eastside neighbourhood.",
        stages: &[(430, "active")],
        members: &[(29, "Lead agency"), (22, "Transport"), (37, "Walking school bus"), (4, "School")],
        theme: Theme::Outdoors,
        trust: [2.9, 3.0, 3.0],
        goal: GoalSpec {
            statement: "Children walking or cycling to school",
            metric: "children walking or cycling",
            unit: "%",
            baseline: 22.0,
            target: 40.0,
            due_days: 160,
            reach: 0.65,
            worry: None,
            milestones: &[
                ("Routes mapped", OnTime),
                ("Crossing guards in place", Late),
                ("Walk to school week", OnTime),
            ],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Financial Literacy Week",
        vision: "Harbor View students leave school knowing how to budget, save and borrow wisely.",
        stages: &[(60, "exploring"), (25, "forming")],
        members: &[(2, "School"), (19, "Volunteer bankers")],
        theme: Theme::Careers,
        goal: GoalSpec {
            statement: "Hold the first financial literacy week",
            metric: "workshops held",
            unit: "workshops",
            baseline: 0.0,
            target: 10.0,
            due_days: 90,
            reach: 0.45,
            worry: None,
            milestones: &[("Workshop plan agreed", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Faith Partners for Families",
        kind: "other",
        vision: "Congregations open their doors and hands to families of Riverside schools.",
        stages: &[(440, "active")],
        members: &[(34, "Convener"), (33, "Congregation"), (35, "Congregation"), (12, "Family services")],
        theme: Theme::Families,
        trust: [3.2, 3.2, 3.3],
        goal: GoalSpec {
            statement: "Families supported through congregation programmes",
            metric: "families supported",
            unit: "families",
            baseline: 0.0,
            target: 150.0,
            due_days: 130,
            reach: 0.8,
            worry: None,
            milestones: &[("Volunteer roster", OnTime), ("Winter coat drive", OnTime), ("Homework help nights", Late)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Summer Reading Bridge",
        vision: "No child in Cedar Grove or Harbor View loses their reading over the summer.",
        stages: &[(330, "active"), (30, "renewing")],
        members: &[(24, "Library"), (6, "Early learning"), (27, "Family outreach")],
        theme: Theme::Literacy,
        trust: [3.0, 3.1, 3.2],
        goal: GoalSpec {
            statement: "Children finishing the summer reading challenge",
            metric: "children finishing",
            unit: "children",
            baseline: 40.0,
            target: 200.0,
            due_days: 200,
            reach: 0.7,
            worry: None,
            milestones: &[("Summer challenge launched", OnTime), ("Reading party", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Student Teaching Research Partnership",
        kind: "higher_ed_k12",
        cadence: "quarterly",
        vision: "Research asked by teachers, done with teachers, used by teachers.",
        stages: &[(400, "active")],
        members: &[(16, "Research partner"), (5, "Research site"), (7, "Research site")],
        behaviour: STRONG,
        theme: Theme::Teachers,
        trust: [3.1, 3.2, 3.3],
        goal: GoalSpec {
            statement: "Practitioner research studies completed",
            metric: "studies completed",
            unit: "studies",
            baseline: 0.0,
            target: 6.0,
            due_days: 240,
            reach: 0.6,
            worry: None,
            milestones: &[("Research questions agreed", OnTime), ("Data collection done", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Saturday Sports and Study",
        vision: "Saturday mornings of football and homework help, with dads on the touchline.",
        stages: &[(300, "active")],
        members: &[(1, "School"), (36, "Coaches"), (28, "Volunteer dads"), (32, "Funding and fields")],
        theme: Theme::Mentoring,
        trust: [3.0, 3.0, 3.1],
        goal: GoalSpec {
            statement: "Children coming to Saturday sessions",
            metric: "regular attendees",
            unit: "children",
            baseline: 10.0,
            target: 60.0,
            due_days: 150,
            reach: 0.7,
            worry: None,
            milestones: &[("Fields booked for the season", OnTime), ("First tournament", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Middle Grades Math Network",
        kind: "inter_school",
        vision: "Math teachers of both middle schools plan, observe and improve together.",
        stages: &[(360, "active")],
        members: &[(1, "Member school"), (5, "Member school"), (8, "Math coach")],
        theme: Theme::Leadership,
        trust: [3.0, 3.1, 3.2],
        goal: GoalSpec {
            statement: "Students passing the end-of-year math assessment",
            metric: "students passing",
            unit: "%",
            baseline: 48.0,
            target: 65.0,
            due_days: 200,
            reach: 0.55,
            worry: None,
            milestones: &[("Common unit plans", OnTime), ("Lesson study cycle", Late)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Newcomer Family Welcome",
        cadence: "fortnightly",
        vision: "Families new to the country find a friend, a guide and a school that knows their name.",
        stages: &[(30, "exploring")],
        members: &[(2, "School"), (12, "Family services"), (34, "Volunteer hosts")],
        theme: Theme::Families,
        goal: GoalSpec {
            statement: "Welcome every newcomer family within two weeks",
            metric: "families welcomed",
            unit: "families",
            baseline: 0.0,
            target: 40.0,
            due_days: 150,
            reach: 0.4,
            worry: None,
            milestones: &[("Host families recruited", OnTime)],
        },
        ..BASE
    },
    PartnershipSpec {
        name: "Harbor Health Screenings",
        cadence: "quarterly",
        vision: "Westbrook students get the health checks that keep them in class.",
        stages: &[(380, "active")],
        members: &[(7, "School"), (30, "Public health"), (21, "Clinic")],
        behaviour: STRONG,
        theme: Theme::Health,
        trust: [3.2, 3.3, 3.3],
        goal: GoalSpec {
            statement: "Students with an up-to-date health check",
            metric: "students checked",
            unit: "%",
            baseline: 35.0,
            target: 90.0,
            due_days: 130,
            reach: 0.8,
            worry: None,
            milestones: &[("Screening day one", OnTime), ("Screening day two", OnTime)],
        },
        ..BASE
    },
];

/// People with a login besides the three named in the banner. They all use the demo password.
/// (email, name, role, organisation index)
pub const PEOPLE: &[(&str, &str, &str, Option<usize>)] = &[
    ("maria@rapport.demo", "Maria Lopez", "member", Some(0)),
    ("alicia@rapport.demo", "Alicia Moreno", "member", Some(9)),
    ("owen@rapport.demo", "Owen Gallagher", "member", Some(3)),
    ("priya@rapport.demo", "Priya Raman", "member", Some(16)),
    ("hannah@rapport.demo", "Hannah Kowalczyk", "member", Some(4)),
    ("rosalind@rapport.demo", "Rosalind Achebe", "member", Some(12)),
    ("victor@rapport.demo", "Victor Amadi", "member", Some(5)),
    ("bernadette@rapport.demo", "Bernadette Quinn", "member", Some(29)),
    ("mediator@rapport.demo", "Miriam Holloway", "member", None),
    ("ingrid@rapport.demo", "Ingrid Solberg", "member", Some(6)),
    ("renee@rapport.demo", "Renee Castillo", "member", Some(2)),
    ("james@rapport.demo", "James Okafor", "member", Some(1)),
    ("terrence@rapport.demo", "Terrence Boyd", "member", Some(7)),
];

/// The neutral mediator (index into PEOPLE).
pub const MEDIATOR: usize = 8;

/// A concern's script: the partnership, how many days ago it was raised, who raised it (index
/// into PEOPLE), its words, and each later step (days after raising, state, note).
pub struct ConcernSpec {
    pub partnership: usize,
    pub raised_days_ago: i64,
    pub author: usize,
    /// The member organisation it is about (index into ORGANIZATIONS).
    pub about: Option<usize>,
    pub title: &'static str,
    pub description: &'static str,
    pub severity: &'static str,
    pub private: bool,
    pub steps: &'static [(i64, &'static str, &'static str)],
}

pub const CONCERNS: &[ConcernSpec] = &[
    ConcernSpec {
        partnership: 2,
        raised_days_ago: 380,
        author: 2,
        about: Some(9),
        title: "Backpacks arriving after pick-up time",
        description: "Three Fridays in a row the backpacks came after the buses left, so staff had to phone families to collect them.",
        severity: "medium",
        private: false,
        steps: &[
            (3, "acknowledged", "Thanks for flagging this; our route changed and we did not tell you."),
            (10, "in_dialogue", "Talked through delivery windows at the check-in."),
            (30, "resolved", "Deliveries now arrive by 1 pm on Thursdays."),
        ],
    },
    ConcernSpec {
        partnership: 5,
        raised_days_ago: 300,
        author: 10,
        about: Some(19),
        title: "Internship places withdrawn at short notice",
        description: "Two placements were cancelled a week before they began, and the students heard it from each other.",
        severity: "high",
        private: false,
        steps: &[
            (5, "acknowledged", ""),
            (12, "in_dialogue", "We met with the branch managers."),
            (30, "in_mediation", "Asked a neutral facilitator to help us agree a notice period."),
            (60, "resolved", "Placements are now confirmed in writing four weeks ahead, with a named backup."),
        ],
    },
    ConcernSpec {
        partnership: 14,
        raised_days_ago: 200,
        author: 11,
        about: None,
        title: "Mentor session rooms double-booked",
        description: "Mentors arrived to find the library in use twice this month.",
        severity: "low",
        private: false,
        steps: &[(4, "withdrawn", "Sorted out directly with the office; no need to keep this open.")],
    },
    ConcernSpec {
        partnership: 11,
        raised_days_ago: 70,
        author: 9,
        about: Some(12),
        title: "Decisions made outside the alliance meetings",
        description: "Several decisions about the intake form were taken by one partner between meetings, and the rest of us learned of them afterwards.",
        severity: "high",
        private: true,
        steps: &[
            (4, "acknowledged", "Heard. We will put this on the agenda."),
            (10, "in_dialogue", "A first conversation; we do not yet agree on what happened."),
            (35, "in_mediation", "Both sides asked for a neutral mediator."),
        ],
    },
    ConcernSpec {
        partnership: 10,
        raised_days_ago: 40,
        author: 6,
        about: Some(14),
        title: "Tutors missing their Tuesday sessions",
        description: "Around a third of Tuesday tutoring sessions did not happen this month and the children waited in the library.",
        severity: "medium",
        private: false,
        steps: &[
            (2, "acknowledged", "We are short of volunteers on Tuesdays; looking into it."),
            (9, "in_dialogue", "Discussed moving Tuesday sessions to Wednesday."),
        ],
    },
    ConcernSpec {
        partnership: 6,
        raised_days_ago: 15,
        author: 4,
        about: Some(30),
        title: "Screening results not yet shared",
        description: "The autumn screening numbers were promised for the last check-in and have not arrived.",
        severity: "medium",
        private: false,
        steps: &[(3, "acknowledged", "They are with our data team; we will send them as soon as they are cleared.")],
    },
    ConcernSpec {
        partnership: 0,
        raised_days_ago: 3,
        author: 0,
        about: None,
        title: "Reading night clashes with parent conferences",
        description: "The next reading night falls on the same evening as parent conferences.",
        severity: "low",
        private: false,
        steps: &[],
    },
    ConcernSpec {
        partnership: 16,
        raised_days_ago: 21,
        author: 7,
        about: Some(22),
        title: "School bus stop moved without notice",
        description: "The stop outside Eastside was moved two blocks and children now cross the main road to reach it.",
        severity: "high",
        private: false,
        steps: &[],
    },
    ConcernSpec {
        partnership: 1,
        raised_days_ago: 250,
        author: 3,
        about: Some(8),
        title: "Mentor stipends paid late",
        description: "Mentor teachers received their autumn stipends two months late.",
        severity: "medium",
        private: true,
        steps: &[
            (6, "acknowledged", ""),
            (20, "resolved", "Stipends are now paid through the district's monthly payroll."),
        ],
    },
];

/// A retrospective's script: the partnership, days ago, title, trigger (a milestone trigger
/// looks back on the goal's first milestone), and items (kind, text, anonymous, author index
/// into PEOPLE; follow-ups are taken on by the partnership's first member, due in three weeks).
pub struct RetroSpec {
    pub partnership: usize,
    pub days_ago: i64,
    pub title: &'static str,
    pub trigger: &'static str,
    pub items: &'static [(&'static str, &'static str, bool, usize)],
}

pub const RETROSPECTIVES: &[RetroSpec] = &[
    RetroSpec {
        partnership: 0,
        days_ago: 330,
        title: "After the first reading nights",
        trigger: "milestone",
        items: &[
            ("went_well", "Families stayed long after the stories ended.", false, 0),
            ("did_not_go_well", "The sign-in queue was too long and put some families off.", true, 0),
            ("lesson", "Greet families at the door in their own language.", false, 0),
            ("follow_up", "Set up a second sign-in table with a volunteer interpreter", false, 0),
        ],
    },
    RetroSpec {
        partnership: 2,
        days_ago: 120,
        title: "Autumn term look-back",
        trigger: "phase",
        items: &[
            ("went_well", "Winter break boxes reached every family on the list.", false, 1),
            ("did_not_go_well", "We kept promising delivery dates we could not meet.", true, 1),
            ("did_not_go_well", "School staff learn about changes too late to tell families.", true, 2),
            ("lesson", "Say early when a delivery will slip rather than hoping it will not.", false, 2),
            ("follow_up", "Agree a fixed Thursday delivery window", false, 1),
        ],
    },
    RetroSpec {
        partnership: 15,
        days_ago: 165,
        title: "Closing the Makerspace Fridays project",
        trigger: "phase",
        items: &[
            ("went_well", "Forty-one students finished a build they were proud of.", false, 12),
            ("did_not_go_well", "Materials ran out in the last month.", true, 12),
            ("lesson", "Budget materials per student, not per session.", false, 12),
        ],
    },
    RetroSpec {
        partnership: 8,
        days_ago: 200,
        title: "First harvest",
        trigger: "on_demand",
        items: &[
            ("went_well", "Children took vegetables home and families cooked them.", false, 7),
            ("went_well", "Parks staff fixed the water supply within a day.", true, 7),
            ("lesson", "Plant for harvest before the summer holidays, not after.", false, 7),
            ("follow_up", "Draw up next year's planting calendar with the teachers", false, 7),
        ],
    },
    RetroSpec {
        partnership: 11,
        days_ago: 90,
        title: "Half-year check on the alliance",
        trigger: "on_demand",
        items: &[
            ("went_well", "The shared intake form is live in every partner.", false, 5),
            ("did_not_go_well", "Most of the work falls on one organisation.", true, 9),
            ("did_not_go_well", "Parents are not always in the room when decisions are made.", true, 5),
            ("lesson", "Share out the work explicitly at each meeting.", false, 5),
        ],
    },
];

/// Free-text survey comments.
pub const COMMENTS: &[&str] = &[
    "The check-ins keep us honest; please keep them short.",
    "We would love to hear about successes from the other partners more often.",
    "Deliveries and dates slip too often, and we hear about it late.",
    "It feels like a real partnership now, not just a logo on a flyer.",
    "Could we share data on how students are doing more regularly?",
    "More notice before events would help our volunteers plan.",
    "The families notice when we work together, and it shows.",
    "Sometimes decisions are made before we are asked.",
];

/// Kudos messages, for milestones met and promises kept.
pub const THANKS: &[&str] = &[
    "Thank you for making this happen. The families noticed.",
    "Huge thanks: this took real effort, and it shows.",
    "Thank you for following through, exactly as promised.",
    "What a milestone. Thank you to everyone who stayed late for it.",
    "Grateful for the way you kept us all informed along the way.",
];

/// What a coordinator writes in a contact's log after being in touch.
pub const CONTACT_NOTES: &[&str] = &[
    "Caught up by phone about next term's dates.",
    "Met at the school gate; they want to bring two more volunteers.",
    "E-mailed the sign-up sheet; they will share it with families.",
    "Quick call: the room booking is confirmed.",
    "Coffee after the check-in: talked about the summer programme.",
];
