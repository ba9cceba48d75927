"""Non-page views of the public website."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.shortcuts import render
from wagtail.models import Locale, Page, Site

from portal.access import school_for_request

from .models import TeachingStaffIndexPage

RESULTS_PER_PAGE = 10


def search(request):
    """Search the pages of the active language, and the public teachers by name."""
    query = request.GET.get("q", "").strip()[:200]
    results = []
    teachers = []
    if query:
        site = Site.find_for_request(request)
        home = site.root_page.localized if site else None
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        if home is not None:
            pages = pages.descendant_of(home, inclusive=True)
        paginator = Paginator(pages.search(query), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        teachers = _teachers_matching(request, home, query)
    return render(request, "cms/search.html", {"search_query": query, "results": results, "teachers": teachers})


def _teachers_matching(request, home, query):
    from journal.register.selectors.public import public_teaching_staff

    staff_page = TeachingStaffIndexPage.objects.live().descendant_of(home).first() if home else None
    if staff_page is None:
        return []
    condition = Q()
    for word in query.split()[:4]:
        condition &= Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(patronymic__icontains=word)
    teachers = list(public_teaching_staff(school_for_request(request)).filter(condition)[:20])
    for teacher in teachers:
        teacher.public_url = staff_page.teacher_url(teacher)
    return teachers


def staff_photo(request, pk):
    """A staff member's photo (private storage): public while the member is shown on the public
    site, else only for the staff who may read the register (the access policy decides)."""
    from django.http import Http404

    from journal.register.models import StaffMember
    from journal.register.selectors.public import public_staff_photo
    from portal import access, private_files

    school = school_for_request(request)
    approved = public_staff_photo(school, pk)  # R-S15: the photo the site administrator approved
    if approved is not None:
        return private_files.send(approved, cache_seconds=3600)
    member = StaffMember.objects.filter(school=school, pk=pk).exclude(photo="").first()
    if member is None or not access.staff_photo_visible(request.user, school, member):
        raise Http404
    return private_files.send(member.photo, cache_seconds=None)
