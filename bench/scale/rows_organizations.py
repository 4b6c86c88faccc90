"""Organizations (with their tree paths), users, plans and teams of the synthetic country."""

import datetime

from django.contrib.auth.models import Group

from accounts.enums import OrganizationKind, Role
from accounts.models import Organization, User
from core.text import fold, folded
from inspections.enums import PlanStatus, TeamRole
from inspections.models import ContentArea, InspectionPlan, Team, TeamMember

from .common import (
    ANALYST_USERNAME,
    CODE_PREFIX,
    REFERENCE_DATE,
    USER_PREFIX,
    YEARS,
    Picker,
    ScaleError,
    stamp,
)
from .country_names import (
    COMMUNE_UNITS,
    DEPARTMENTS,
    MINISTRIES,
    MINISTRY_UNITS,
    PLACE_NAMES,
    PROVINCES,
    TTCP_UNITS,
    person,
)
from .records import Org, PlanInfo, Province


class OrganizationRows:
    """Mixed into Country: writes the organizations, users, plans and teams."""

    def write_organizations(self) -> int:
        rng = self.rng
        cursor = self.w.cursor
        cursor.execute(f'SELECT max(path) FROM "{Organization._meta.db_table}" WHERE depth = 1')
        last_root = cursor.fetchone()[0]
        next_root = (Organization._str2int(last_root) if last_root else 0) + 1
        orgs: list[Org] = []

        def add(parent: Org | None, name, short, code, kind, national=False) -> Org:
            nonlocal next_root
            if parent is None:
                path = Organization._get_path(None, 1, next_root)
                next_root += 1
            else:
                parent.numchild += 1
                path = Organization._get_path(parent.path, parent.depth + 1, parent.numchild)
            org = Org(0, path, name, short, CODE_PREFIX + code, kind, national)
            orgs.append(org)
            return org

        ttcp = add(None, "Thanh tra Chính phủ", "TTCP", "TTCP", OrganizationKind.INSPECTORATE, True)
        self.ttcp = Province(org=ttcp, short="Hà Nội")
        for name, short, kind in TTCP_UNITS:
            unit = add(ttcp, name, short, f"TTCP-{short}", kind)
            self.ttcp.departments.append(unit)
        self.analyst_org = self.ttcp.departments[0]
        ministry_units = []
        for name, short in MINISTRIES:
            ministry = add(None, name, short, short, OrganizationKind.MINISTRY, True)
            for number, unit in enumerate(MINISTRY_UNITS, 1):
                ministry_units.append(
                    add(
                        ministry,
                        f"{unit} - {name}",
                        "",
                        f"{short}-{number}",
                        OrganizationKind.DEPARTMENT,
                    )
                )
        self.ttcp.units = ministry_units

        for index, (kind_word, short, communes) in enumerate(PROVINCES, 1):
            code = f"P{index:02d}"
            province = Province(
                org=add(None, f"UBND {kind_word} {short}", short, code, OrganizationKind.PROVINCE),
                short=short,
            )
            names = rng.sample(PLACE_NAMES, self.sized(communes))
            ward_share = 0.6 if kind_word == "thành phố" else 0.15
            communes_of = []
            for number, place in enumerate(names, 1):
                word = "phường" if rng.random() < ward_share else "xã"
                commune = add(
                    province.org,
                    f"UBND {word} {place}",
                    place,
                    f"{code}-X{number:03d}",
                    OrganizationKind.COMMUNE,
                )
                communes_of.append((commune, word, place))
            departments = DEPARTMENTS[: self.sized(len(DEPARTMENTS), 2)]
            dept_units, commune_units = [], []
            for number, (name, dept_short, unit_names) in enumerate(departments, 1):
                department = add(
                    province.org,
                    f"{name} {short}",
                    dept_short,
                    f"{code}-S{number:02d}",
                    OrganizationKind.DEPARTMENT,
                )
                province.departments.append(department)
                if unit_names:
                    for k in range(1, self.sized(rng.randint(7, 13), 0) + 1):
                        place = rng.choice(names)
                        dept_units.append(
                            add(
                                department,
                                f"{rng.choice(unit_names)} {place}",
                                "",
                                f"{code}-S{number:02d}-D{k:02d}",
                                OrganizationKind.PUBLIC_SERVICE_UNIT,
                            )
                        )
            for commune, word, place in communes_of:
                for k in range(1, rng.choice((0, 1, 1, 2, 2, 2)) + 1):
                    commune_units.append(
                        add(
                            commune,
                            f"{rng.choice(COMMUNE_UNITS)} {word} {place}",
                            "",
                            f"{commune.code[len(CODE_PREFIX) :]}-D{k}",
                            OrganizationKind.PUBLIC_SERVICE_UNIT,
                        )
                    )
            units = (
                [(province.org, 2)]
                + [(department, 20 / len(departments)) for department in province.departments]
                + [(commune, 45 / len(communes_of)) for commune, _, _ in communes_of]
                + [(unit, 33 / max(1, len(dept_units) + len(commune_units)))
                   for unit in dept_units + commune_units]
            )  # fmt: skip
            province.units = [unit for unit, _ in units]
            province.unit_picker = Picker(units)
            province.size = len(units)
            self.provinces.append(province)

        first = self.w.reserve(Organization, len(orgs))
        for offset, org in enumerate(orgs):
            org.id = first + offset
        self.orgs = orgs
        return self.w.copy(
            Organization,
            ["id", "path", "depth", "numchild", "name", "short_name", "code", "kind",
             "is_national", "is_active", "search_text", "place_name", "abbreviation"],
            (
                # Place name and abbreviation left blank: documents derive them from the name.
                (o.id, o.path, o.depth, o.numchild, o.name, o.short_name, o.code, o.kind,
                 o.is_national, True, fold(f"{o.name} {o.short_name} {o.code}"), "", "")
                for o in orgs
            ),
        )  # fmt: skip

    # -- users --

    def write_users(self) -> int:
        rng = self.rng
        users: list[tuple] = []  # (username, full_name, title, org_id, role)

        def add(username, title, org, role) -> int:
            users.append((USER_PREFIX + username, person(rng), title, org.id, role.value))
            return len(users) - 1

        self.analyst_index = add(
            ANALYST_USERNAME[len(USER_PREFIX):], "Chuyên viên tổng hợp", self.analyst_org,
            Role.MINISTRY_ANALYST,
        )  # fmt: skip
        ttcp = self.ttcp
        ttcp.head = add("ttcp-thutruong", "Phó Tổng Thanh tra Chính phủ", ttcp.org, Role.UNIT_HEAD)
        ttcp.leads = [add("ttcp-truongdoan", "Cục trưởng", ttcp.departments[3], Role.TEAM_LEAD)]
        ttcp.inspectors = [
            add(f"ttcp-thanhvien{k}", "Thanh tra viên", ttcp.departments[3 + k % 3],
                Role.INSPECTOR)
            for k in range(1, 4)
        ]  # fmt: skip
        for province in self.provinces:
            p = province.org.code[len(CODE_PREFIX) :].lower()
            home, inspectorate = province.departments[0], province.departments[1]
            province.head = add(f"{p}-thutruong", "Chủ tịch UBND", province.org, Role.UNIT_HEAD)
            province.leads = [
                add(f"{p}-truongdoan1", "Phó Giám đốc Sở Nội vụ", home, Role.TEAM_LEAD),
                add(f"{p}-truongdoan2", "Phó Chánh Thanh tra", inspectorate, Role.TEAM_LEAD),
            ]
            province.inspectors = [
                add(f"{p}-thanhvien{k}", "Chuyên viên", home if k <= 2 else inspectorate,
                    Role.INSPECTOR)
                for k in range(1, 5)
            ]  # fmt: skip
            communes = [u for u in province.units if u.kind == OrganizationKind.COMMUNE]
            add(f"{p}-donvi", "Công chức Văn phòng - Thống kê", communes[0], Role.INSPECTED_OFFICER)

        first = self.w.reserve(User, len(users))
        self.user_ids = [first + k for k in range(len(users))]
        for province in [self.ttcp, *self.provinces]:
            province.head = self.user_ids[province.head]
            province.leads = [self.user_ids[k] for k in province.leads]
            province.inspectors = [self.user_ids[k] for k in province.inspectors]
        self.analyst_id = self.user_ids[self.analyst_index]
        self.home_of = {self.user_ids[k]: user[3] for k, user in enumerate(users)}
        joined = stamp(datetime.date(2021, 1, 4), 8)
        count = self.w.copy(
            User,
            ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
             "is_staff", "is_active", "date_joined", "full_name", "title", "phone",
             "organization_id", "search_text"],
            (
                (self.user_ids[k], self.password_hash, False, username, "", "", "", False, True,
                 joined, full_name, title, "", org_id, folded(full_name, username, title))
                for k, (username, full_name, title, org_id, _) in enumerate(users)
            ),
        )  # fmt: skip
        groups = dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
        missing = {role for *_, role in users} - set(groups)
        if missing:
            raise ScaleError(f"Role groups missing (run migrate): {', '.join(sorted(missing))}")
        self.w.copy_m2m(
            User, "groups", ((self.user_ids[k], groups[u[4]]) for k, u in enumerate(users))
        )
        return count

    # -- plans and teams --

    def write_plans(self) -> int:
        rng = self.rng
        plans, teams, members = [], [], []
        self.plans: dict[tuple[int, int], list[PlanInfo]] = {}
        self.adhoc: dict[tuple[int, int], PlanInfo] = {}  # teams without a plan
        plan_rows, team_rows = [], []
        owners = [self.ttcp, *self.provinces]
        for owner_index, owner in enumerate(owners):
            team_org = owner.departments[3] if owner is self.ttcp else owner.departments[0]
            for year in YEARS:
                count = 1 + (rng.random() < 0.5 or year in (2023, 2024))
                for number in range(count):
                    thematic = number == 1
                    head = rng.choice(owner.leads)
                    crew = rng.sample(
                        owner.inspectors, min(len(owner.inspectors), rng.randint(2, 3))
                    )
                    plans.append((owner_index, year, thematic, head, crew))
                head = rng.choice(owner.leads)
                crew = rng.sample(owner.inspectors, min(len(owner.inspectors), 2))
                teams.append((owner_index, year, None, head, crew, team_org))

        first_plan = self.w.reserve(InspectionPlan, len(plans))
        first_team = self.w.reserve(Team, len(plans) + len(teams))
        team_id = first_team
        for k, (owner_index, year, thematic, head, crew) in enumerate(plans):
            owner = owners[owner_index]
            plan_id = first_plan + k
            issued = datetime.date(year, 1, 10) + datetime.timedelta(days=rng.randint(0, 40))
            symbol = "KH-TTCP" if owner is self.ttcp else "KH-UBND"
            number = (year - 2020) * 100 + k % 97 + 1
            status = PlanStatus.CLOSED if year < REFERENCE_DATE.year else PlanStatus.IN_PROGRESS
            title = (
                f"Kế hoạch kiểm tra chuyên đề trách nhiệm công vụ trong giải quyết TTHC năm "
                f"{year} của {owner.org.name}"
                if thematic
                else f"Kế hoạch kiểm tra công vụ năm {year} của {owner.org.name}"
            )
            plan_rows.append((
                plan_id, f"{number}/{symbol}", title, issued, year, datetime.date(year, 2, 1),
                datetime.date(year, 12, 31), thematic,
                "Trách nhiệm công vụ trong giải quyết thủ tục hành chính" if thematic else "",
                "Chấn chỉnh kỷ luật, kỷ cương hành chính; nâng cao trách nhiệm công vụ.",
                "Khách quan, công khai, đúng quy định; không gây phiền hà cho đơn vị.",
                datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31), status,
                stamp(issued, 9), stamp(issued - datetime.timedelta(days=5), 9), owner.head,
                owner.leads[0], owner.org.id,
            ))  # fmt: skip
            team_org = owner.departments[3] if owner is self.ttcp else owner.departments[0]
            team_rows.append(self._team_row(team_id, owner, team_org, plan_id, year, head,
                                            issued, thematic))  # fmt: skip
            members.extend(self._members(team_id, head, crew))
            info = PlanInfo(plan_id, team_id, head, crew, owner.org)
            self.plans.setdefault((owner_index, year), []).append(info)
            team_id += 1
        for owner_index, year, _, head, crew, team_org in teams:
            owner = owners[owner_index]
            issued = datetime.date(year, 1, 20)
            team_rows.append(self._team_row(team_id, owner, team_org, None, year, head, issued,
                                            False))  # fmt: skip
            members.extend(self._members(team_id, head, crew))
            self.adhoc[(owner_index, year)] = PlanInfo(0, team_id, head, crew, team_org)
            team_id += 1

        count = self.w.copy(
            InspectionPlan,
            ["id", "code", "title", "issued_on", "year", "starts_on", "ends_on", "is_thematic",
             "theme", "purposes", "requirements", "review_period_start", "review_period_end",
             "status", "approved_at", "created_at", "approved_by_id", "created_by_id",
             "issuer_id", "search_text"],
            # code, title, theme: InspectionPlan.search_sources
            ((*row, folded(row[1], row[2], row[8])) for row in plan_rows),
        )  # fmt: skip
        area_ids = list(ContentArea.objects.order_by("number").values_list("pk", flat=True))
        self.w.copy_m2m(
            InspectionPlan,
            "content_areas",
            ((row[0], area) for row in plan_rows for area in area_ids),
        )
        self.result.counts["teams"] = self.w.copy(
            Team,
            ["id", "name", "decision_number", "decision_date", "decision_signer", "created_at",
             "organization_id", "plan_id", "created_by_id", "search_text"],
            # name, decision number: Team.search_sources
            ((*row, folded(row[1], row[2])) for row in team_rows),
        )  # fmt: skip
        first_member = self.w.reserve(TeamMember, len(members))
        self.w.copy(
            TeamMember,
            ["id", "role", "home_organization_id", "team_id", "user_id"],
            ((first_member + k, *row) for k, row in enumerate(members)),
        )
        self.owners = owners
        return count

    def _team_row(self, team_id, owner, team_org, plan_id, year, head, issued, thematic):
        kind = "chuyên đề" if thematic else ("công vụ" if plan_id else "đột xuất")
        decided = issued + datetime.timedelta(days=7)
        symbol = "QĐ-TTCP" if owner is self.ttcp else "QĐ-UBND"
        return (
            team_id, f"Đoàn kiểm tra {kind} năm {year} - {owner.org.name}",
            f"{team_id % 900 + 10}/{symbol}", decided, "", stamp(decided, 10), team_org.id,
            plan_id, head,
        )  # fmt: skip

    def _members(self, team_id, head, crew):
        home = self.home_of
        rows = [(TeamRole.HEAD, home[head], team_id, head)]
        for k, user in enumerate(crew):
            if user != head:
                role = TeamRole.SECRETARY if k == len(crew) - 1 else TeamRole.MEMBER
                rows.append((role, home[user], team_id, user))
        return rows
